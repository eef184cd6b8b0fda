"""The shipped TOML files (the questionnaires, the check-in, the crisis lines) parsed once, when
they are made, rather than by every command (issue 23).

`tomllib` is pure Python: parsing the nine shipped files took 5-9 ms of each daily command.
data/shipped.json holds each file's parsed document beside a checksum of the bytes it was
parsed from; `read` uses that copy only when the file on disk has exactly those bytes, and
parses the file itself otherwise (a TOML edited without rebuilding the JSON, a JSON that is
missing or damaged), so an answer never comes from a stale copy. After editing a shipped
TOML, run 'python -m recovery_cli.core.shipped' (tests/core/test_shipped.py says so when it
is needed).
"""

from __future__ import annotations

import json
import zlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from recovery_cli.core import paths

CACHE_VERSION = 1


def checksum(raw: bytes) -> str:
    """Tells a compiled copy whether it was made from these bytes (not a security check)."""
    return f"{zlib.crc32(raw):08x}-{len(raw)}"


def cache_path() -> Path:
    return paths.builtin_data_dir() / "shipped.json"


def sources() -> list[Path]:
    """The shipped files the JSON holds: every checklist and the crisis lines."""
    data = paths.builtin_data_dir()
    return [*sorted((data / "checklists").glob("*.toml")), data / "crisis.toml"]


def _key(path: Path) -> str:
    return path.relative_to(paths.builtin_data_dir()).as_posix()


@cache
def _compiled() -> dict[str, Any]:
    try:
        doc = json.loads(cache_path().read_text("utf-8"))
        if doc.get("version") == CACHE_VERSION and isinstance(doc.get("files"), dict):
            return dict(doc["files"])
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def read(path: Path) -> dict[str, Any]:
    """The TOML document in the shipped file `path`: the compiled copy when it was made from
    these very bytes, else the file parsed now. A date is ISO text in the copy and a date
    from the file (plain_data takes both)."""
    raw = path.read_bytes()
    try:
        entry = _compiled().get(_key(path))
    except ValueError:  # not under the data folder
        entry = None
    if isinstance(entry, dict) and entry.get("source") == checksum(raw):
        found = entry.get("data")
        if isinstance(found, dict):
            return found
    import tomllib

    return tomllib.loads(raw.decode("utf-8"))


def _plain(value: object) -> object:
    if type(value) is date:  # crisis lines' verified_on (a datetime has no place here)
        return value.isoformat()
    raise TypeError(f"unexpected {type(value).__name__} in a shipped file: {value!r}")


def cache_text() -> str:
    """data/shipped.json as it should be for the shipped files on disk."""
    import tomllib

    files = {}
    for path in sources():
        raw = path.read_bytes()
        files[_key(path)] = {"source": checksum(raw), "data": tomllib.loads(raw.decode("utf-8"))}
    doc = {"version": CACHE_VERSION,
           "note": "Made from the shipped TOML files by 'python -m recovery_cli.core.shipped'; "
                   "edit the TOML, not this file.",
           "files": files}
    return json.dumps(doc, ensure_ascii=False, indent=1, default=_plain) + "\n"


def main() -> None:
    cache_path().write_text(cache_text(), encoding="utf-8")
    print(f"Wrote {cache_path()}")


if __name__ == "__main__":
    main()
