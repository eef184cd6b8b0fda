"""End to end in a real pseudo-terminal: writing in the multi-line prompt and in an editor,
editing, and the delete confirmation."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ptyutil import expect_prompt, spawn_recovery

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(180)]  # a loaded 2-CPU machine

ESC_ENTER = "\x1b\r"


def _spawn(home: Path, *args: str, **extra: str) -> Any:
    """`recovery journal ARGS...`; VISUAL/EDITOR only when a test sets them."""
    return spawn_recovery(home, "journal", *args, size=(40, 110),
                          unset=("NO_COLOR", "VISUAL", "EDITOR"), **extra)


def _finish(child: Any) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def _show(home: Path, entry_id: int) -> Any:
    p = subprocess.run([sys.executable, "-m", "recovery_cli", "journal", "show", str(entry_id),
                        "--json"], env=dict(os.environ, RECOVERY_HOME=str(home)),
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_write_in_the_multiline_prompt_then_delete_with_confirmation(home: Path) -> None:
    child = _spawn(home, "write", "--tag", "pty")
    try:
        child.expect("What's on your mind")
        child.send("Evening\r\rA calm walk, café after. #outside" + ESC_ENTER)
        child.expect("Saved entry 1.")
    finally:
        assert _finish(child) == 0
    e = _show(home, 1)
    assert e["title"] == "Evening"
    assert e["body"] == "A calm walk, café after. #outside"
    assert e["tags"] == ["outside", "pty"]

    child = _spawn(home, "delete", "1")
    try:
        child.expect("Delete entry 1")
        child.send("n")
        child.expect("Nothing was deleted")
    finally:
        assert _finish(child) == 0
    assert _show(home, 1)["body"] == "A calm walk, café after. #outside"

    child = _spawn(home, "delete", "1")
    try:
        child.expect("Delete entry 1")
        child.send("y")
        child.expect("Deleted entry 1.")
    finally:
        assert _finish(child) == 0


def test_ctrl_c_in_the_prompt_saves_nothing(home: Path) -> None:
    child = _spawn(home, "write")
    try:
        expect_prompt(child, "What's on your mind")  # drawn and reading keys
        child.send("half a thought")
        child.sendcontrol("c")
        child.expect("Nothing was saved")
    finally:
        assert _finish(child) == 130
    p = subprocess.run([sys.executable, "-m", "recovery_cli", "journal", "list", "--json"],
                       env=dict(os.environ, RECOVERY_HOME=str(home)), capture_output=True,
                       text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert p.returncode == 0 and json.loads(p.stdout) == []


def test_write_and_edit_in_an_editor(home: Path, tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text(textwrap.dedent(
        """
        import sys
        path = sys.argv[-1]
        with open(path, encoding="utf-8") as fh:
            before = fh.read()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(before.replace("draft", "final") if before else "A title\\n\\ndraft words\\n")
        """), encoding="utf-8")
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    child = _spawn(home, "write", EDITOR=editor)
    try:
        child.expect("Saved entry 1.")
    finally:
        assert _finish(child) == 0
    assert (_show(home, 1)["title"], _show(home, 1)["body"]) == ("A title", "draft words")

    child = _spawn(home, "edit", "1", VISUAL=editor)
    try:
        child.expect("Updated entry 1.")
    finally:
        assert _finish(child) == 0
    assert _show(home, 1)["body"] == "final words"
    leftovers = [p for p in Path(tempfile.gettempdir()).glob("recovery-journal-*")
                 if p.stat().st_mtime > script.stat().st_mtime]
    assert leftovers == []
