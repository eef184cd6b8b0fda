"""The crisis-language word list (src/recovery_cli/plan/crisis_language.py, data/crisis_phrases.toml)
against its corpus (tests/data/crisis_corpus.toml): no misses, at most 3 false alarms."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from recovery_cli.plan import crisis_language as cl
from recovery_cli.plan import crisis_language_build as build

CORPUS = tomllib.loads((Path(__file__).parents[1] / "data" / "crisis_corpus.toml").read_text("utf-8"))
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


def test_every_pattern_compiles_and_each_needs_some_words() -> None:
    pl = cl.builtin_list()
    build.check_patterns(pl)
    assert sum(1 for p in pl.phrases if p.keys is None) == 0


def test_the_shipped_json_is_in_step_with_the_toml() -> None:
    """data/crisis_phrases.json is the TOML compiled; after editing the TOML run
    'python -m recovery_cli.plan.crisis_language_build'."""
    assert cl.cache_path().read_text("utf-8") == build.cache_text()


def test_the_json_and_the_toml_give_the_same_answers() -> None:
    import json

    from_toml = build.compile_list(build.parse_toml(cl.data_path().read_bytes()))
    from_json = cl.from_cache(json.loads(cl.cache_path().read_text("utf-8")))
    for text in [*CORPUS["positive"], *CORPUS["negative"]]:
        assert from_toml.first_match(text) == from_json.first_match(text), text


def test_a_stale_json_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A TOML edited without rebuilding the JSON is still read (compiled on the spot)."""
    import shutil

    data = tmp_path / "data"
    data.mkdir()
    toml = cl.data_path().read_text("utf-8").replace('    "noose",\n', '    "noose",\n    "zzyzx",\n')
    (data / "crisis_phrases.toml").write_text(toml, "utf-8")
    shutil.copy(cl.cache_path(), data / "crisis_phrases.json")
    monkeypatch.setattr(cl, "data_path", lambda: data / "crisis_phrases.toml")
    cl.builtin_list.cache_clear()
    try:
        assert cl.mentions_crisis("zzyzx") and cl.mentions_crisis("I want to die")
    finally:
        cl.builtin_list.cache_clear()


def test_needed_strings_of_small_patterns() -> None:
    """A phrase follows a space in the text, so a leading word carries it; an optional part
    needs nothing; a group's words that start it join the run before it."""
    assert build._keys("suicid\\w*") == frozenset({" suicid"})
    assert build._keys("(a|b)c?") == frozenset({" a", " b"})
    assert build._keys("(a|b)?c") == frozenset({"c"})
    assert build._keys("xyz(?=y)") == frozenset({" xyz"})
    assert build._keys("i (burden|weight)") == frozenset({" burden", " weight"})
    m = {"m": ((frozenset({"ab"}), True), (frozenset({" ab"}), False))}
    assert build._keys("x{m}", m) == frozenset({" xab"})
    assert build._keys("x {m}", m) == frozenset({" ab"})
    assert build._keys("(my )?(pills|meds)") == frozenset({" pills", " meds"})
    assert build._keys("(unclosed") is None


def test_a_broken_list_names_the_problem() -> None:
    with pytest.raises(ValueError, match="unknown"):
        build.compile_list({"phrases": [{"match": ["{nope} die"]}]})
    with pytest.raises(ValueError, match="no phrases"):
        build.compile_list({})
    with pytest.raises(ValueError, match="not a valid pattern"):
        build.check_patterns(build.compile_list({"phrases": [{"match": ["(unclosed"]}]}))


def test_checking_a_text_stays_cheap() -> None:
    """Checking a text reads the compiled JSON: not even tomllib joins the daily paths."""
    code = ("import sys; from recovery_cli.plan import crisis_language as cl; "
            "cl.mentions_crisis('I want to die'); "
            "print(','.join(m for m in ('pydantic', 'rich', 'sqlite_utils', 'questionary', 'tomllib') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_the_prefilter_is_sound_on_random_phrase_words() -> None:
    """Word salad from the phrases' own words (many of them match some phrase): searching
    only the phrases whose needed strings are there gives the same answer as searching all."""
    import random
    import re

    pl = cl.builtin_list()
    data = tomllib.loads(cl.data_path().read_text("utf-8"))
    texts = [p for g in data["phrases"] for p in g["match"]] + list(data["words"].values())
    vocab = sorted({w for t in texts for w in re.findall(r"[a-z]+", t)} | {".", "…"})
    rng = random.Random(16)
    hits = 0
    for _ in range(4000):
        text = " ".join(rng.choices(vocab, k=rng.randint(2, 9)))
        full = pl.first_match(text, prefilter=False)
        assert (pl.first_match(text) is None) == (full is None), text
        hits += full is not None
    assert hits > 100  # the salad does reach the phrases


def test_the_list_ships_with_the_package_data() -> None:
    from recovery_cli.core import paths

    assert cl.data_path().parent == paths.builtin_data_dir()
    assert cl.data_path().is_file() and cl.cache_path().is_file()


TAILS = ["today", "tonight", "now", "again", "soon", "to be honest", "lol", "forever",
         "and I'm scared", "but nobody knows"]
HEADS = ["some days", "honestly", "tonight", "my therapist asked and I said"]  # not "5": 5 kms


def test_words_around_a_crisis_sentence_do_not_hide_it() -> None:
    """An idiom must never swallow a crisis sentence ("kms today" was read as kilometres, "end
    it with pills" as ending a relationship): every positive still matches with ordinary words
    before or after it."""
    missed = []
    for text in CORPUS["positive"]:
        base = text.rstrip(".!?")
        missed += [f"{base} {t}" for t in TAILS if not cl.mentions_crisis(f"{base} {t}")]
        missed += [f"{h} {text}" for h in HEADS if not cl.mentions_crisis(f"{h} {text}")]
    assert missed == []
