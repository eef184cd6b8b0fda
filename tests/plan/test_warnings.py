"""Early warning rules (pure): parsing and each rule kind at its edges, over synthetic
check-in histories with gaps and back-filled days."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

import pytest

from recovery_cli.core.errors import InputError
from recovery_cli.core.records import CheckinDay
from recovery_cli.plan import rules as w

TODAY = date(2026, 3, 10)


def day(offset: int, **values: float | str) -> CheckinDay:
    """A check-in `offset` days before TODAY (0 = today)."""
    d = (TODAY - timedelta(days=offset)).isoformat()
    return CheckinDay(day=d, values=dict(values), created_at=f"{d}T21:00:00+00:00")


def ticked(offset: int, item: str, *choices: str) -> CheckinDay:
    d = (TODAY - timedelta(days=offset)).isoformat()
    return CheckinDay(day=d, values={"mood": 5.0}, choices={item: list(choices)})


def iso(offset: int) -> str:
    return (TODAY - timedelta(days=offset)).isoformat()


def ev(rule: str, days: list[CheckinDay], **kw: object) -> tuple[bool, str | None]:
    return w.evaluate(w.parse_rule(rule), days, TODAY, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("typed", "canonical", "kind"),
    [
        ("mood <= 3 for 3 days", "mood <= 3 for 3 days", "run"),
        ("Mood<=3 for 3 Days", "mood <= 3 for 3 days", "run"),
        ("mood = 2 for 1 day", "mood == 2 for 1 day", "run"),
        ("anxiety >= 7.5 for 2 days", "anxiety >= 7.5 for 2 days", "run"),
        ("sleep_hours < 5 on 2 of 3 days", "sleep_hours < 5 on 2 of 3 days", "count"),
        ("sleep_hours < 5 for 2 of the last 3 days", "sleep_hours < 5 on 2 of 3 days", "count"),
        ("triggers:conflict 3 times in 7 days", "triggers:conflict 3 times in 7 days", "choice"),
        ("triggers: Work Stress 1 time in 7 days", "triggers:work_stress 1 time in 7 days",
         "choice"),
        ("no checkin for 4 days", "no checkin for 4 days", "no_checkin"),
        ("No check-in for 4 days", "no checkin for 4 days", "no_checkin"),
        ("phq9 deterioration", "phq9 deterioration", "deterioration"),
        ("PHQ9 reliable deterioration", "phq9 deterioration", "deterioration"),
        ("medication == no for 2 days", "medication == no for 2 days", "run"),
    ],
)
def test_rules_parse_to_a_canonical_form(typed: str, canonical: str, kind: str) -> None:
    rule = w.parse_rule(typed)
    assert rule.text == canonical
    assert rule.kind == kind
    assert w.parse_rule(rule.text) == rule  # the canonical form reads back the same


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "empty"),
        ("mood is low", "Expected one of"),
        ("mood <= 3", "Expected one of"),
        ("mood <= 3 for 0 days", "from 1 to 366"),
        ("mood <= 3 for 400 days", "from 1 to 366"),
        ("mood <= 3 on 4 of 3 days", "from 1 to 3"),
        ("triggers:conflict 8 times in 7 days", "from 1 to 7"),
        ("mood < low for 3 days", "only == compares words"),
        ("mood => 3 for 3 days", "Expected one of"),
    ],
)
def test_bad_rules_say_what_is_expected(typed: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        w.parse_rule(typed)
    assert fragment in info.value.message
    assert info.value.exit_code == 2


def test_rules_are_checked_against_known_items_and_instruments() -> None:
    check = w.RuleCheck(numbers={"mood", "sleep_hours"}, singles={"medication"},
                        multis={"triggers"}, instruments={"phq9", "gad7"})
    assert check.canonical("mood < 3 for 2 days") == "mood < 3 for 2 days"
    assert check.canonical("phq-9 deterioration") == "phq9 deterioration"
    for bad, says in [
        ("moods < 3 for 2 days", "'moods' is not a number"),
        ("triggers < 3 for 2 days", "'triggers' is not a number"),
        ("mood:sad 2 times in 3 days", "'mood' is not a multi-select"),
        ("mood == low for 2 days", "word answers"),
        ("who5 deterioration", "No questionnaire 'who5'"),
    ]:
        with pytest.raises(InputError, match=says):
            check.parse(bad)


def test_window_days_is_what_the_rules_need() -> None:
    rules = [w.parse_rule(r) for r in ("mood <= 3 for 3 days", "triggers:x 2 times in 14 days")]
    assert w.window_days(rules) == 14 + w.SINCE_LOOKBACK + 1
    assert w.window_days([w.parse_rule("phq9 deterioration")]) == 0
    assert w.window_days([]) == 0


# ---------------------------------------------------------------- ITEM OP VALUE for N days


def test_run_matches_exactly_n_days_and_reports_since() -> None:
    days = [day(3, mood=6), day(2, mood=3), day(1, mood=2), day(0, mood=1)]
    assert ev("mood <= 3 for 3 days", days) == (True, iso(2))
    assert ev("mood <= 3 for 4 days", days) == (False, None)  # day 3 had mood 6


def test_run_operator_edges() -> None:
    days = [day(1, sleep_hours=5.0), day(0, sleep_hours=4.9)]
    assert ev("sleep_hours < 5 for 1 day", days)[0] is True
    assert ev("sleep_hours < 5 for 2 days", days)[0] is False  # 5 is not < 5
    assert ev("sleep_hours <= 5 for 2 days", days)[0] is True
    assert ev("sleep_hours == 5 for 1 day", [day(0, sleep_hours=5.0)])[0] is True
    assert ev("sleep_hours > 4.9 for 2 days", days)[0] is False
    assert ev("sleep_hours >= 4.9 for 2 days", days)[0] is True


def test_a_gap_breaks_a_run_and_a_backfilled_day_mends_it() -> None:
    days = [day(3, mood=2), day(2, mood=2), day(0, mood=2)]  # yesterday missing
    assert ev("mood <= 3 for 3 days", days) == (False, None)
    backfilled = [*days, CheckinDay(day=iso(1), values={"mood": 3.0},
                                    created_at=f"{TODAY.isoformat()}T09:00:00+00:00")]
    assert ev("mood <= 3 for 3 days", backfilled) == (True, iso(3))


def test_today_without_a_checkin_does_not_break_the_run() -> None:
    days = [day(3, mood=2), day(2, mood=2), day(1, mood=2)]
    assert ev("mood <= 3 for 3 days", days) == (True, iso(3))
    # ...but once today is checked in and fine, the rule no longer matches
    assert ev("mood <= 3 for 3 days", [*days, day(0, mood=7)]) == (False, None)
    # but yesterday missing as well (today not checked in yet) does break it
    assert ev("mood <= 3 for 3 days", days[:2]) == (False, None)


def test_a_checkin_without_the_item_does_not_match() -> None:
    days = [day(2, mood=2), day(1, energy=5), day(0, mood=2)]
    assert ev("mood <= 3 for 3 days", days) == (False, None)


def test_since_follows_a_long_run_back_but_only_so_far() -> None:
    long = [day(i, mood=1) for i in range(10)]
    assert ev("mood <= 3 for 3 days", long) == (True, iso(9))
    very_long = [day(i, mood=1) for i in range(200)]
    ok, since = ev("mood <= 3 for 3 days", very_long)
    assert ok and since == iso(2 + w.SINCE_LOOKBACK)


def test_word_answers_compare_by_equality() -> None:
    days = [day(1, medication="no"), day(0, medication="No")]
    assert ev("medication == no for 2 days", days) == (True, iso(1))
    assert ev("medication == no for 2 days", [day(1, medication="yes"), day(0, medication="no")])[0] is False


# ---------------------------------------------------------------- on K of N days


def test_count_k_of_n_with_gaps() -> None:
    days = [day(2, sleep_hours=4), day(0, sleep_hours=4.5)]  # yesterday missing
    assert ev("sleep_hours < 5 on 2 of 3 days", days) == (True, iso(2))
    assert ev("sleep_hours < 5 on 3 of 3 days", days) == (False, None)
    assert ev("sleep_hours < 5 on 1 of 3 days", [day(2, sleep_hours=4)]) == (True, iso(2))


def test_count_window_edge() -> None:
    # 3 days ago is outside "the last 3 days" when today is checked in
    days = [day(3, sleep_hours=4), day(1, sleep_hours=4), day(0, sleep_hours=8)]
    assert ev("sleep_hours < 5 on 2 of 3 days", days) == (False, None)
    assert ev("sleep_hours < 5 on 2 of 4 days", days) == (True, iso(3))
    # without today's check-in the window ends yesterday and day 3 is inside it
    assert ev("sleep_hours < 5 on 2 of 3 days", days[:2]) == (True, iso(3))


# ---------------------------------------------------------------- ITEM:CHOICE K times in N days


def test_choice_counts_days_ticked_within_n() -> None:
    days = [ticked(6, "triggers", "conflict"), ticked(3, "triggers", "Conflict", "money"),
            ticked(0, "triggers", "conflict")]
    assert ev("triggers:conflict 3 times in 7 days", days) == (True, iso(6))
    assert ev("triggers:conflict 3 times in 6 days", days) == (False, None)  # day 6 is out
    assert ev("triggers:money 1 time in 7 days", days) == (True, iso(3))
    assert ev("triggers:money 2 times in 7 days", days) == (False, None)
    assert ev("symptoms:conflict 1 time in 7 days", days) == (False, None)  # another item


def test_choice_labels_match_ids_and_plan_texts() -> None:
    days = [ticked(1, "triggers", "Work stress"), ticked(0, "triggers", "work-stress")]
    assert ev("triggers:work_stress 2 times in 2 days", days) == (True, iso(1))


# ---------------------------------------------------------------- no checkin for N days


def test_no_checkin_counts_full_days_since_the_last_one() -> None:
    assert ev("no checkin for 4 days", [day(5, mood=5)]) == (True, iso(4))
    assert ev("no checkin for 4 days", [day(4, mood=5)]) == (False, None)  # only 3 full days
    assert ev("no checkin for 4 days", [day(6, mood=5), day(0, mood=5)]) == (False, None)


def test_no_checkin_needs_a_first_checkin_and_uses_the_newest_known() -> None:
    assert ev("no checkin for 4 days", []) == (False, None)  # never checked in: no nagging
    assert ev("no checkin for 4 days", [], last_checkin=iso(90)) == (True, iso(89))
    assert ev("no checkin for 4 days", [day(2, mood=3)], last_checkin=iso(2)) == (False, None)


# ---------------------------------------------------------------- INSTRUMENT deterioration


def test_deterioration_needs_a_reliable_worsening() -> None:
    spec = w.DEFAULT_CHANGE["phq9"]
    rule = w.parse_rule("phq9 deterioration")

    def at(*points: tuple[int, float]) -> tuple[bool, str | None]:
        scores = [w.ScorePoint(iso(o), s) for o, s in points]
        return w.evaluate(rule, [], TODAY, scores=scores, change=spec)

    assert at((30, 8), (2, 14)) == (True, iso(2))  # +6: reliable
    assert at((30, 8), (2, 13)) == (False, None)  # +5: not reliable
    assert at((30, 14), (2, 8)) == (False, None)  # better
    assert at((2, 20)) == (False, None)  # only one result
    assert at((60, 2), (30, 9), (2, 10)) == (False, None)  # compared with the one before


def test_deterioration_on_percentage_where_higher_is_better() -> None:
    spec = w.DEFAULT_CHANGE["who5"]
    rule = w.parse_rule("who5 deterioration")
    drop10 = [w.ScorePoint(iso(20), 15, 60), w.ScorePoint(iso(1), 12.5, 50)]
    drop8 = [w.ScorePoint(iso(20), 15, 60), w.ScorePoint(iso(1), 13, 52)]
    assert w.evaluate(rule, [], TODAY, scores=drop10, change=spec) == (True, iso(1))
    assert w.evaluate(rule, [], TODAY, scores=drop8, change=spec) == (False, None)


def test_defaults_agree_with_the_builtin_questionnaire_files() -> None:
    from recovery_cli.core import paths

    for inst, spec in w.DEFAULT_CHANGE.items():
        path = paths.builtin_checklists_dir() / f"{inst}.toml"
        if not path.is_file():
            continue
        change = tomllib.loads(path.read_text(encoding="utf-8")).get("change", {})
        if "reliable" in change:
            assert change["reliable"] == spec.reliable, inst
        assert change.get("on", "score") == spec.on, inst
        assert change.get("higher_is_better", False) == spec.higher_is_better, inst


# ---------------------------------------------------------------- check()


def test_check_returns_matching_signs_in_plan_order_with_responses() -> None:
    signs = [
        w.Sign("Low days", w.parse_rule("mood <= 3 for 2 days"), "Call Sam\nGo outside"),
        w.Sign("Short sleep", w.parse_rule("sleep_hours < 5 for 2 days"), None),
        w.Sign("Quiet", w.parse_rule("no checkin for 3 days"), "Check in"),
    ]
    days = [day(1, mood=2, sleep_hours=4), day(0, mood=3, sleep_hours=7)]
    found = w.check(signs, days, TODAY)
    assert [(m.sign, m.rule, m.since, m.responses) for m in found] == [
        ("Low days", "mood <= 3 for 2 days", iso(1), ["Call Sam", "Go outside"]),
    ]
