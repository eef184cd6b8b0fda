"""Generate a realistic history for the benchmarks (seeded, reproducible).

Journal entries follow peers.md §A.7: ceil(N/3650) entries a day ending today (so no journal
spans more than ~10 years), a one-sentence title of 3-9 words, 1-3 paragraphs of 80-200 words,
0-3 tags from a pool of 40 (16 @people, 24 #topics), 5 % starred, the word "serendipity" in
about 0.5 % of entries. The same entries are written in jrnl's text format for jrnl, and
imported into recovery through its own jrnl importer. One check-in a day and PHQ-9/GAD-7/WHO-5
every two weeks cover the same span, written through recovery's own JSON import.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

WORDS = ["morning", "evening", "walk", "coffee", "friend", "sister", "brother", "mother", "father", "work", "meeting", "call", "tired", "calm", "anxious", "hopeful", "quiet", "busy", "slow", "heavy", "light", "rain", "sun", "cloud", "garden", "kitchen", "book", "music", "song", "film", "bus", "train", "street", "park", "river", "sea", "hill", "tree", "bird", "dog", "cat", "window", "door", "table", "chair", "bed", "sleep", "dream", "wake", "breakfast", "lunch", "dinner", "tea", "bread", "soup", "apple", "plan", "list", "task", "email", "message", "letter", "talk", "listen", "laugh", "cry", "breathe", "stretch", "run", "swim", "bike", "yoga", "class", "lesson", "doctor", "therapist", "session", "notes", "goal", "step", "progress", "setback", "worry", "fear", "hope", "joy", "anger", "sadness", "relief", "gratitude", "patience", "kindness", "courage", "rest", "energy", "focus", "habit", "routine", "change", "choice", "moment", "hour", "day", "week", "month", "year", "today", "tomorrow", "yesterday", "home", "office", "shop", "market", "library", "station", "road", "bridge", "city", "village", "phone", "screen", "news", "weather", "cold", "warm", "bright", "dark", "early", "late", "small", "big", "new", "old", "good", "hard", "easy", "long", "short", "gentle", "careful", "honest", "simple", "clear", "strange", "familiar", "different", "together", "alone", "again", "still", "maybe", "perhaps", "really", "almost", "always", "never", "often", "sometimes", "felt", "thought", "noticed", "remembered", "decided", "tried", "managed", "finished", "started", "stopped", "wanted", "needed", "liked", "missed", "found", "lost", "made", "took", "gave", "kept", "left", "came", "went", "saw", "heard", "said", "told", "asked", "helped", "waited", "watched", "wrote", "read", "cooked", "cleaned", "slept", "woke", "walked", "because", "although", "while", "after", "before", "until", "since", "during", "through", "about", "around"]
PEOPLE = [f"@{n}" for n in ["anna", "ben", "carla", "dan", "eva", "finn", "gina", "hugo", "iris", "jack", "kim", "leo", "mia", "noah", "olga", "dr_lee"]]
TOPICS = [f"#{t}" for t in ["mood", "sleep", "work", "family", "therapy", "anxiety", "gratitude", "exercise", "walk", "music", "reading", "food", "friends", "rest", "goals", "setback", "progress", "breathing", "journaling", "nature", "money", "health", "plans", "weekend"]]
TAG_POOL = PEOPLE + TOPICS  # 16 + 24 = 40


@dataclass
class GenEntry:
    when: datetime
    title: str
    body: str
    starred: bool


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def entries(n: int, today: date, seed: int = 42) -> list[GenEntry]:
    rng = random.Random(seed)
    per_day = math.ceil(n / 3650)
    days = math.ceil(n / per_day)
    out: list[GenEntry] = []
    start = today - timedelta(days=days - 1)
    for i in range(n):
        day = start + timedelta(days=i // per_day)
        minutes = 6 * 60 + int((i % per_day + rng.random()) * (17.5 * 60) / per_day)
        when = datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)
        title = _sentence(rng, 3, 9)
        paragraphs = []
        total = rng.randint(80, 200)
        count = rng.randint(1, 3)
        for p in range(count):
            size = total // count
            words = [rng.choice(WORDS) for _ in range(size)]
            if p == 0 and rng.random() < 0.005:
                words[rng.randrange(len(words))] = "serendipity"
            paragraphs.append(" ".join(words).capitalize() + ".")
        k = rng.choices([0, 1, 2, 3], weights=[40, 35, 18, 7])[0]
        tags = rng.sample(TAG_POOL, k)
        if tags:
            paragraphs[-1] += " " + " ".join(tags)
        out.append(GenEntry(when, title, "\n\n".join(paragraphs), rng.random() < 0.05))
    return out


def write_jrnl(items: list[GenEntry], path: Path) -> None:
    """jrnl's text format (peers.md §A.3), timeformat %Y-%m-%d %H:%M."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for i, e in enumerate(items):
            if i:
                fh.write("\n")
            star = " *" if e.starred else ""
            fh.write(f"[{e.when:%Y-%m-%d %H:%M}] {e.title}{star}\n{e.body}\n")


def write_jrnl_config(home: Path, journal: Path) -> Path:
    cfg = home / "config" / "jrnl" / "jrnl.yaml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: true\n"
        "indent_character: '|'\njournals:\n  default:\n"
        f"    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: '4.6'\n"
    )
    return cfg


def checkin_history(days: int, today: date, seed: int = 7) -> dict[str, object]:
    """One check-in a day, five snaps a day and PHQ-9/GAD-7/WHO-5 every 14 days, as a recovery
    JSON export (the tables of `recovery export --format json`), for `recovery import`."""
    rng = random.Random(seed)
    checkins: list[dict[str, object]] = []
    values: list[dict[str, object]] = []
    choices: list[dict[str, object]] = []
    assessments: list[dict[str, object]] = []
    answers: list[dict[str, object]] = []
    snaps: list[dict[str, object]] = []
    mood = 6.0
    for i in range(days):
        day = today - timedelta(days=days - 1 - i)
        mood = max(0.0, min(10.0, mood + rng.uniform(-1.5, 1.5) * 0.6 + (6 - mood) * 0.1))
        stamp = datetime(day.year, day.month, day.day, 21, 0).astimezone().isoformat()
        cid = i + 1
        checkins.append({"id": cid, "day": day.isoformat(), "created_at": stamp,
                         "updated_at": stamp, "source": "benchmark"})
        nums = {"mood": round(mood), "energy": rng.randint(2, 9),
                "sleep_hours": round(rng.uniform(4.5, 9.0), 1), "sleep_quality": rng.randint(1, 5),
                "anxiety": rng.randint(0, 8)}
        values += [{"checkin_id": cid, "item": k, "num": float(v), "text": None}
                   for k, v in nums.items()]
        values.append({"checkin_id": cid, "item": "medication", "num": None,
                       "text": rng.choice(["yes", "yes", "yes", "no"])})
        picks = {"symptoms": rng.sample(["worry", "low_mood", "irritability"], rng.randint(0, 2)),
                 "triggers": rng.sample(["conflict", "work_stress", "loneliness"], rng.randint(0, 1)),
                 "coping": rng.sample(["walk", "breathing", "called_someone", "journaling"],
                                      rng.randint(0, 2))}
        choices += [{"checkin_id": cid, "item": k, "choice": c} for k, cs in picks.items() for c in cs]
        for hour in (9, 12, 15, 18, 20):  # five quick moments a day (issue 19)
            snaps.append({
                "id": len(snaps) + 1, "day": day.isoformat(),
                "at": datetime(day.year, day.month, day.day, hour, rng.randrange(0, 60))
                .astimezone().isoformat(),
                "mood": float(max(0, min(10, round(mood + rng.uniform(-2, 2))))),
                "anxiety": float(rng.randint(0, 8)) if rng.random() < 0.5 else None,
                "energy": None, "note": None, "tags": None, "source": "benchmark"})
        if i % 14 == 0:
            for cl, n, hi in (("phq9", 9, 3), ("gad7", 7, 3), ("who5", 5, 5)):
                aid = len(assessments) + 1
                vals = [rng.randint(0, hi) for _ in range(n)]
                if cl == "phq9":
                    vals[8] = 0
                score = float(sum(vals))
                assessments.append({
                    "id": aid, "checklist": cl, "checklist_version": 1, "kind": "instrument",
                    "taken_at": stamp, "day": day.isoformat(), "score": score, "band": None,
                    "percentage": score * 4 if cl == "who5" else None, "safety_flag": 0,
                    "stage": None})
                answers += [{"assessment_id": aid, "item": f"q{k + 1}", "position": k,
                             "value": float(v)} for k, v in enumerate(vals)]
    return {"format": "recovery-export", "version": 1, "tables": {
        "checkins": checkins, "checkin_values": values, "checkin_choices": choices,
        "assessments": assessments, "assessment_answers": answers, "snaps": snaps}}


def dump_json(obj: object, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """`python generate.py N DIR [HISTORY_DAYS]`: DIR/journal.txt (jrnl text format, N entries),
    DIR/history.json (a recovery JSON export of HISTORY_DAYS days of check-ins) and a jrnl
    config under DIR/jrnl-home. Run as its own process, so the benchmark runner never holds
    the generated data (a child inherits its parent's peak RSS through fork and exec)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    n, folder = int(args[0]), Path(args[1])
    days = int(args[2]) if len(args) > 2 else 3650
    today = date.today()
    journal = folder / "jrnl-home" / "data" / "journal.txt"
    write_jrnl(entries(n, today), journal)
    write_jrnl_config(folder / "jrnl-home", journal)
    dump_json(checkin_history(days, today), folder / "history.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
