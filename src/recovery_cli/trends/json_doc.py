"""The `trends --json` document (trends.Trends as plain JSON)."""

from __future__ import annotations

from typing import Any

from recovery_cli.trends.window import SERIES, Trends


def _num(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def to_json(t: Trends) -> dict[str, Any]:
    """The `trends --json` document: the same numbers the screen shows."""
    return {
        "from": t.start,
        "to": t.end,
        "days": t.days,
        "checkins": t.checkins,
        "previous_checkins": t.previous_checkins,
        "items": {
            a.item: {
                "average": _num(a.average),
                "n": a.n,
                "previous_average": _num(a.previous_average),
                "previous_n": a.previous_n,
                "change": _num(a.change),
            }
            for a in t.items
        },
        "daily": [
            {"date": day, **{k: _num(d.number(k)) if d else None for k in SERIES}}
            for day, d in t.daily
        ],
        "weekdays": [{"weekday": w.weekday, "average": _num(w.average), "n": w.n}
                     for w in t.weekdays],
        "sleep_median": _num(t.sleep_median),
        "associations": [
            {
                "kind": a.kind,
                "item": a.item,
                "choice": a.choice,
                "label": a.label.strip("“”"),
                "lag": a.lag,
                "with_average": _num(a.with_average),
                "with_days": a.with_n,
                "without_average": _num(a.without_average),
                "without_days": a.without_n,
                "difference": _num(a.difference),
                "text": a.text,
            }
            for a in t.associations
        ],
        "gaps": [{"from": g.start, "to": g.end, "days": g.days} for g in t.gaps],
        "streak": None if t.streak is None else {"logged": t.streak[0], "of_days": t.streak[1]},
        "counts": t.counts,
        "assessments": [
            {
                "checklist": line.checklist,
                "title": line.title,
                "scores": [{"date": p.day, "score": _num(p.score),
                            "percentage": _num(p.percentage), "band": p.band}
                           for p in line.points],
                "change": _num(line.change),
            }
            for line in t.scores
        ],
    }
