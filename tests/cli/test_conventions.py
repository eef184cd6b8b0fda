"""What a terminal user expects of a program (issue 20, conventions): a LICENSE, shell
completion generated when asked, a man page that matches --help, and --help without rich."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import run_recovery

ROOT = Path(__file__).resolve().parents[2]


def test_license_is_the_mit_license_pyproject_names() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


# --- completion ------------------------------------------------------------------------------


@pytest.fixture
def on_path(tmp_path: Path, home: Path) -> dict[str, str]:
    """An environment whose PATH has a `recovery` running the package under test."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "recovery"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m recovery_cli "$@"\n')
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "RECOVERY_HOME": str(home)}


def bash_complete(env: dict[str, str], *words: str) -> list[str]:
    """What Tab offers after `words` (the last one being typed), through the script itself."""
    quoted = " ".join(f"'{w}'" for w in words)
    script = ('source <(recovery completion bash)\n'
              f'COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n'
              '_recovery_completion recovery\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    done = subprocess.run(["bash", "--noprofile", "--norc", "-c", script], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes_a_command_and_a_questionnaire_id(
        on_path: dict[str, str], home: Path) -> None:
    assert bash_complete(on_path, "recovery", "jour") == ["journal"]
    assert bash_complete(on_path, "recovery", "assess", "take", "ph") == ["phq2", "phq9"]
    assert "who5" in bash_complete(on_path, "recovery", "assess", "history", "")
    # the home's own questionnaires too
    (home / "checklists").mkdir(parents=True)
    (home / "checklists" / "mine.toml").write_text(
        'id = "phmine"\ntitle = "Mine"\nkind = "instrument"\n[[items]]\nid = "a"\n'
        'text = "A"\ntype = "number"\nmin = 0\nmax = 3\n')
    assert bash_complete(on_path, "recovery", "assess", "take", "ph") == ["phmine", "phq2", "phq9"]


def test_zsh_and_fish_scripts_and_their_answers(on_path: dict[str, str]) -> None:
    for shell, marker in (("zsh", "compdef"), ("fish", "complete --command recovery")):
        r = run_recovery("completion", shell, env=on_path)
        assert r.exit_code == 0 and marker in r.stdout and "_RECOVERY_COMPLETE" in r.stdout
    zsh = subprocess.run(["recovery"], env={**on_path, "_RECOVERY_COMPLETE": "complete_zsh",
                                            "_TYPER_COMPLETE_ARGS": "recovery assess take g"},
                         capture_output=True, text=True, timeout=60)
    assert '"gad2"' in zsh.stdout and '"gad7"' in zsh.stdout
    fish = subprocess.run(["recovery"], env={**on_path, "_RECOVERY_COMPLETE": "complete_fish",
                                             "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                                             "_TYPER_COMPLETE_ARGS": "recovery chec"},
                          capture_output=True, text=True, timeout=60)
    assert fish.stdout.startswith("checkin")


def test_completion_is_generated_only_when_asked(cli: Any) -> None:
    r = cli("completion", "tcsh")
    assert r.exit_code == 2 and "bash, zsh, fish" in r.stderr
    r = cli("completion", "bash")
    assert r.exit_code == 0 and "complete -o default -F _recovery_completion recovery" in r.stdout


# --- man page --------------------------------------------------------------------------------


def test_man_page_is_generated_from_the_commands_and_up_to_date() -> None:
    from recovery_cli.cli import manpage

    shipped = (ROOT / "docs" / "recovery.1").read_text(encoding="utf-8")
    assert shipped == manpage.render(), (
        "docs/recovery.1 is out of date: python -m recovery_cli.cli.manpage > docs/recovery.1")


def _roff_plain(text: str) -> str:
    plain = text.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")
    return " ".join(w for w in plain.split() if w not in (".PP", ".B", ".TP", ".nf", ".fi"))


@pytest.mark.parametrize("args", [[], ["journal"], ["journal", "write"], ["assess", "take"],
                                  ["export"], ["completion"], ["config", "set"]])
def test_man_page_says_what_help_says(cli: Any, args: list[str]) -> None:
    page = _roff_plain((ROOT / "docs" / "recovery.1").read_text(encoding="utf-8"))
    r = cli(*args, "--help", env={"COLUMNS": "200"})
    assert r.exit_code == 0
    lines = [ln.strip().strip("│").strip() for ln in r.stdout.splitlines()]
    usage = next(ln for ln in lines if ln.startswith("Usage:")).removeprefix("Usage:").strip()
    if args:
        assert usage in page
    description = []
    for ln in lines[lines.index(next(x for x in lines if x.startswith("Usage:"))) + 1:]:
        if ln.startswith("╭"):
            break
        description.append(ln)
    assert " ".join(" ".join(description).split()) in page
    for ln in lines:  # every option's name
        if ln.startswith("--") and not ln.startswith("--help"):
            assert ln.split()[0] in page, ln


# --- --help without rich ---------------------------------------------------------------------


def test_help_keeps_its_look_without_importing_rich() -> None:
    code = ("import sys\nfrom recovery_cli.main import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            "print('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) "
            "else 'NO RICH')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "100"})
    out = done.stdout
    assert out.rstrip().endswith("NO RICH"), out + done.stderr
    assert " Usage: recovery [OPTIONS] COMMAND [ARGS]..." in out
    assert "╭─ Options ─" in out and "╭─ Commands ─" in out and "╰─" in out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "│ journal " in out and "│ --home " in out
