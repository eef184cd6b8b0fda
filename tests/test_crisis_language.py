"""The crisis-language word list (src/recovery_cli/crisis_language.py, data/crisis_phrases.toml)
against its corpus (tests/data/crisis_corpus.toml): no misses, at most 3 false alarms."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from recovery_cli import crisis_language as cl

CORPUS = tomllib.loads((Path(__file__).parent / "data" / "crisis_corpus.toml").read_text("utf-8"))
ISSUE_16 = [  # the issue's findings, each a regression test
    "I can't go on anymore", "I don't want to be here anymore",
    "everyone would be better off without me", "I want to end it", "wanna die",
    "thinking of taking all my pills", "kms",
]


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS["positive"]) >= 60 and len(CORPUS["negative"]) >= 60
    assert len(set(CORPUS["positive"])) == len(CORPUS["positive"])
    assert len(set(CORPUS["negative"])) == len(CORPUS["negative"])


def test_no_positive_is_missed() -> None:
    missed = [s for s in CORPUS["positive"] if not cl.mentions_crisis(s)]
    assert missed == []


def test_at_most_three_false_alarms_and_only_the_accepted_ones() -> None:
    alarms = [s for s in CORPUS["negative"] if cl.mentions_crisis(s)]
    assert len(alarms) <= 3
    assert sorted(alarms) == sorted(CORPUS["accepted_false_alarms"])


@pytest.mark.parametrize("text", ISSUE_16)
def test_the_issue_s_misses_now_match(text: str) -> None:
    assert cl.mentions_crisis(text)


@pytest.mark.parametrize("text", ["My back is killing me today", "my feet are killing me",
                                  "I'm dying to see you", "I killed it today",
                                  "that cake is to die for", "I'm dead tired"])
def test_idioms_do_not_match(text: str) -> None:
    assert not cl.mentions_crisis(text)


def test_case_apostrophes_and_filler_do_not_matter() -> None:
    for text in ("I CAN'T GO ON ANYMORE", "i cant go on anymore", "I can’t go on any more",
                 "I just really can't go on anymore", "I want to... end it"):
        assert cl.mentions_crisis(text), text


def test_negation_is_not_read_a_false_alarm_is_kinder() -> None:
    assert cl.mentions_crisis("I don't want to die")
    assert cl.mentions_crisis("I'm not going to kill myself")


def test_several_texts_and_none() -> None:
    assert cl.mentions_crisis(None, "", "fine day", "I want to die")
    assert not cl.mentions_crisis(None, "", "fine day")


def test_the_prefilter_changes_no_answer() -> None:
    """Phrases are searched only when the text holds one of their needed strings; searching
    every phrase gives the same answer on the whole corpus (and on the known misses)."""
    pl = cl.builtin_list()
    for text in [*CORPUS["positive"], *CORPUS["negative"], *CORPUS["known_misses"]]:
        assert (pl.first_match(text) is None) == (pl.first_match(text, prefilter=False) is None)


def test_every_pattern_compiles_and_most_have_keys() -> None:
    pl = cl.builtin_list()
    cl.check_patterns(pl)
    assert sum(1 for p in pl.phrases if p.keys is None) == 0


def test_needed_strings_are_sound() -> None:
    """Each phrase's needed strings: the phrase can't match a text without one of them."""
    assert cl._keys(" (?:suicid\\w*)(?= )") == frozenset({"suicid"})
    assert cl._keys(" (?:(a|b)c?)") == frozenset({"a", "b"})
    assert cl._keys(" (?:(a|b)?c)") == frozenset({"c"})
    assert cl._keys(" (?:x(?=y))") == frozenset({"x"})


def test_a_broken_list_names_the_problem() -> None:
    with pytest.raises(ValueError, match="unknown"):
        cl.compile_list({"phrases": [{"match": ["{nope} die"]}]})
    with pytest.raises(ValueError, match="no phrases"):
        cl.compile_list({})
    with pytest.raises(ValueError, match="not a valid pattern"):
        cl.check_patterns(cl.compile_list({"phrases": [{"match": ["(unclosed"]}]}))


def test_checking_a_text_stays_cheap() -> None:
    """Reading the list imports only re and tomllib; nothing heavy joins the daily paths."""
    code = ("import sys; from recovery_cli import crisis_language as cl; "
            "cl.mentions_crisis('I want to die'); "
            "print(','.join(m for m in ('pydantic', 'rich', 'sqlite_utils', 'questionary') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""
