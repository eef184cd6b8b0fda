"""The shipped `--help` pages (cli/helppages.py, issue 23): the file is what the typer app
builds, and the typer-free answer prints exactly what the typer app prints, importing
neither typer nor click. Not timed: benchmarks/bench_help.py times."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import IMPORTS_WRAPPER
from recovery_cli.cli import helppages
from test_startup import _code_under_test

TYPER_PATH = ("import sys; from recovery_cli.cli._app import run; "
              "raise SystemExit(run(sys.argv[1:]))")


def _env(home: Path, columns: int, pythonpath: dict[str, str]) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home.parent), "RECOVERY_HOME": str(home),
            "COLUMNS": str(columns), "LANG": "C.UTF-8", **pythonpath}


def _run(code: list[str], args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, *code, *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def both(args: list[str], home: Path, columns: int, tmp_path: Path,
         pythonpath: dict[str, str] | None = None) -> tuple[tuple[int, str, str],
                                                            tuple[int, str, str], set[str]]:
    """(main.py's answer, the typer app's answer, the modules main.py imported)."""
    env = _env(home, columns, _code_under_test() if pythonpath is None else pythonpath)
    out = tmp_path / "modules.json"
    fast = _run(["-c", IMPORTS_WRAPPER.format(out=str(out))], [json.dumps(args)], env)
    slow = _run(["-c", TYPER_PATH], args, env)
    return fast, slow, set(json.loads(out.read_text()))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("typer", "click", "rich"))


def test_the_shipped_pages_are_the_apps_own() -> None:
    """Every page built from the live typer app equals the shipped file (and its digest the
    sources'): a changed command or help text needs the file rebuilt."""
    text = Path(helppages.FILE).read_text(encoding="utf-8")
    shipped = json.loads(text)
    built_text = helppages.dumps(helppages.generate())
    built = json.loads(built_text)
    stale = sorted(k for k in built["pages"].keys() | shipped["pages"].keys()
                   if built["pages"].get(k) != shipped["pages"].get(k))
    assert built_text == text, (
        f"cli/helppages.json is stale (pages {stale[:5]}, digest {shipped['digest']} vs "
        f"{built['digest']}): run `{helppages.REGENERATE}`")
    assert {"", "journal", "journal list", "checkin", "remind cron"} <= built["pages"].keys()


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["journal", "--help"], ["journal", "list", "-h"], ["checkin", "--help"],
    ["remind", "--help"], ["plan", "add", "--help"], ["export", "--help"],
])
def test_help_without_typer_is_typers_help(args: list[str], columns: int, home: Path,
                                           tmp_path: Path) -> None:
    fast, slow, modules = both(args, home, columns, tmp_path)
    assert fast == slow
    assert fast[0] == 0 and "Usage: recovery" in fast[1]
    assert max(len(line) for line in fast[1].splitlines()) == columns
    assert heavy(modules) == []
    assert not home.exists()  # --help never creates the home


def test_a_home_flag_and_a_demo_home_show_the_same(home: Path, tmp_path: Path) -> None:
    """`--home P COMMAND --help` runs the root steps first: a demo home's notice on stderr,
    as the typer app prints it; the root's own --help shows no notice."""
    from recovery_cli.core import paths

    demo = tmp_path / "demo-home"
    demo.mkdir(mode=0o700)
    paths.mark_demo_home(demo)
    for args, notice in ((["--home", str(demo), "journal", "--help"], True),
                         ([f"--home={demo}", "snap", "--help"], True),
                         (["--home", str(demo), "demo", "--help"], False),
                         (["--home", str(demo), "--help"], False)):
        fast, slow, modules = both(args, home, 100, tmp_path)
        assert fast == slow, args
        assert (paths.DEMO_NOTICE in fast[2]) is notice, args
        assert heavy(modules) == [], args


@pytest.mark.parametrize("args", [
    ["journal", "nosuch", "--help"], ["journal", "--json", "--help"], ["--help", "journal"],
    ["--home", "--help"], ["--passphrase-file", "x", "--help"],
])
def test_other_shapes_are_the_typer_apps(args: list[str], home: Path, tmp_path: Path) -> None:
    fast, slow, modules = both(args, home, 100, tmp_path)
    assert fast == slow
    assert "typer" in modules


@pytest.mark.parametrize("damage", ["missing", "stale", "unreadable"])
def test_a_missing_or_stale_page_file_leaves_it_to_typer(damage: str, home: Path,
                                                         tmp_path: Path) -> None:
    """A copy of the package whose page file is gone, older than its sources or not JSON:
    the same help, from the typer app."""
    here = Path(helppages.__file__).resolve().parents[1]
    tree = tmp_path / "src"
    shutil.copytree(here, tree / "recovery_cli",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    pages = tree / "recovery_cli" / "cli" / "helppages.json"
    if damage == "missing":
        pages.unlink()
    elif damage == "stale":
        journal = tree / "recovery_cli" / "cli" / "journal.py"
        journal.write_text(journal.read_text() + "\n# changed\n")
    else:
        pages.write_text("{not json")
    fast, slow, modules = both(["journal", "--help"], home, 100, tmp_path,
                               {"PYTHONPATH": str(tree)})
    assert fast == slow and fast[0] == 0
    assert "typer" in modules


def test_help_on_an_ascii_stdout_is_the_typer_apps(home: Path, tmp_path: Path) -> None:
    env = {**_env(home, 100, _code_under_test()), "PYTHONIOENCODING": "ascii"}
    fast = _run(["-m", "recovery_cli"], ["--help"], env)
    slow = _run(["-c", TYPER_PATH], ["--help"], env)
    assert fast == slow and fast[0] == 0



@pytest.mark.pty
@pytest.mark.parametrize("args", [["--help"], ["journal", "--help"], ["checkin", "-h"]])
def test_in_a_terminal_the_same_colours_and_first_run_note(args: list[str],
                                                           tmp_path: Path) -> None:
    """In a terminal (colours, its own width, the first-run note on a new home before a
    command's help), the typer-free answer is the typer app's, and it leaves the same home."""
    pexpect = pytest.importorskip("pexpect")
    from ptyutil import pty_env

    def run(code: list[str], home: Path) -> str:
        child = pexpect.spawn(sys.executable, code, dimensions=(40, 90), encoding="utf-8",
                              timeout=60, env=pty_env(home, unset=("NO_COLOR", "COLUMNS")))
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        return str(child.before)

    out = tmp_path / "modules.json"
    fast = run(["-c", IMPORTS_WRAPPER.format(out=str(out)), json.dumps(args)], tmp_path / "a")
    slow = run(["-c", TYPER_PATH, *args], tmp_path / "b")
    assert fast == slow
    assert "\x1b[" in fast and "Usage:" in fast
    assert ("nobody monitors" in fast) is (args != ["--help"])  # the first-run note
    assert (tmp_path / "a" / ".disclaimer-shown").exists() is (args != ["--help"])
    assert heavy(set(json.loads(out.read_text()))) == []
