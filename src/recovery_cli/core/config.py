"""`config.toml`: the person's settings, validated on every read; dotted keys for get/set.

Unlike the other files we read, the settings are validated by hand here rather than by
pydantic: nine keys do not need a schema library, and every command reads them, including
the fast paths (`journal`, `remind`) where pydantic's import (~85 ms) would cost more than the
whole command. Each key has one validator, used for the file and for `config set` alike.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from recovery_cli.core import paths
from recovery_cli.core.errors import InputError

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Invalid(ValueError):
    pass


def _region(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if not isinstance(v, str) or not re.fullmatch(r"[A-Za-z]{2}", v):
        raise _Invalid("expected a two-letter country code such as US, GB or IE")
    return v.upper()


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise _Invalid("expected true or false")
    return v


def _time(v: Any) -> str:
    if not isinstance(v, str) or not _HHMM.match(v):
        raise _Invalid("expected a time like 20:00")
    return v


def _quiet(v: Any) -> str:
    if v == "":
        return ""
    parts = v.split("-") if isinstance(v, str) else []
    if len(parts) != 2 or not all(_HHMM.match(p) for p in parts):
        raise _Invalid('expected "" (none) or a range like 22:30-07:00')
    return str(v)


def _ids(v: Any) -> list[str]:
    if not isinstance(v, list) or not all(
        isinstance(x, str) and re.fullmatch(r"[a-z0-9_-]+", x) for x in v
    ):
        raise _Invalid("expected a list of checklist ids such as phq9,gad7")
    return list(v)


def _day_end(v: Any) -> str:
    """`day_ends_at`: HH:MM from 00:00 to 06:00 (later would put breakfast in yesterday)."""
    if not isinstance(v, str) or not _HHMM.match(v) or v > "06:00":
        raise _Invalid("expected a time from 00:00 to 06:00 like 04:00 (when your day ends)")
    return v


MAX_SNAP_REMINDERS = 4


def _snap_times(v: Any) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) and _HHMM.match(x) for x in v):
        raise _Invalid('expected times like "10:00,15:00" (or "" for none)')
    if len(v) > MAX_SNAP_REMINDERS:
        raise _Invalid(f"expected at most {MAX_SNAP_REMINDERS} times a day")
    return sorted(dict.fromkeys(v))


CHECKIN_EXTRAS = ("elevation",)


def _extras(v: Any) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x in CHECKIN_EXTRAS for x in v):
        raise _Invalid(f"expected a list of check-in extras from: {', '.join(CHECKIN_EXTRAS)} "
                       '(or "" for none)')
    return list(dict.fromkeys(v))


def _days(v: Any) -> int:
    if type(v) is not int or not 0 <= v <= 3650:
        raise _Invalid("expected a whole number of days from 0 to 3650")
    return v


class Reminders(NamedTuple):
    checkin_time: str = "20:00"
    quiet_hours: str = ""
    assessments: Sequence[str] = ["phq9", "gad7", "who5"]
    plan_review_days: int = 30
    notify_details: bool = False  # remind --notify: the plan's own words on the desktop
    snaps: Sequence[str] = []  # "10:00", ... (issue 19; opt-in)


class Checkin(NamedTuple):
    extras: Sequence[str] = []  # optional check-in checklists


class Config(NamedTuple):
    region: str | None = None
    streaks: bool = False
    crisis_keywords: bool = True
    day_ends_at: str = "04:00"
    reminders: Reminders = Reminders()
    checkin: Checkin = Checkin()


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "region": _region,
    "streaks": _bool,
    "crisis_keywords": _bool,
    "reminders.checkin_time": _time,
    "reminders.quiet_hours": _quiet,
    "reminders.assessments": _ids,
    "reminders.plan_review_days": _days,
    "reminders.notify_details": _bool,
    "reminders.snaps": _snap_times,
    "day_ends_at": _day_end,
    "checkin.extras": _extras,
}
KEYS = tuple(_VALIDATORS)


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def from_flat(values: dict[str, Any]) -> Config:
    """A Config from dotted keys; _Invalid names nothing, callers add the key."""
    top = {k: v for k, v in values.items() if "." not in k}
    rem = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("reminders.")}
    chk = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("checkin.")}
    return Config(**top, reminders=Reminders(**rem), checkin=Checkin(**chk))


def validate(data: dict[str, Any]) -> Config:
    """Validate a parsed config document; InputError names the first bad key."""
    flat = _flatten(data)
    clean: dict[str, Any] = {}
    for key, value in flat.items():
        if key not in _VALIDATORS:
            raise InputError(f"{key}: unknown setting (settings: {', '.join(KEYS)})")
        try:
            clean[key] = _VALIDATORS[key](value)
        except _Invalid as exc:
            raise InputError(f"{key}: {exc}") from None
    return from_flat(clean)


def load(home: Path) -> Config:
    """Read config.toml (defaults when absent). A broken file is bad input naming the key."""
    path = paths.config_path(home)
    try:
        raw = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Config()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                         "fix or remove the file.") from None
    import tomllib  # only with a file to read (its regexes cost a run without one ~2 ms)

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({' '.join(str(exc).split())}).") from None
    except RecursionError:  # tables or arrays nested thousands deep
        raise InputError(f"{path}: nested too deeply to be a settings file; fix or remove "
                         "the file.") from None
    try:
        return validate(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc.message}.") from None


def as_dict(cfg: Config) -> dict[str, Any]:
    return {**cfg._asdict(), "reminders": cfg.reminders._asdict(), "checkin": cfg.checkin._asdict()}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):  # the fields are Sequences
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def dumps(cfg: Config) -> str:
    data = as_dict(cfg)
    lines = []
    for key, value in data.items():
        if isinstance(value, dict) or value is None:
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"\n[{key}]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in value.items() if v is not None)
    return "\n".join(lines) + "\n"


def save(home: Path, cfg: Config) -> Path:
    """Write atomically (temp file + rename), 0600."""
    paths.ensure_home(home)
    path = paths.config_path(home)
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dumps(cfg))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk or Ctrl-C: the old file stays, no half-written copy
        tmp.unlink(missing_ok=True)
        raise
    return path


def get(cfg: Config, key: str) -> Any:
    if key not in _VALIDATORS:
        raise InputError(f"Unknown setting '{key}'. Settings: {', '.join(KEYS)}.")
    node: Any = cfg
    for part in key.split("."):
        node = getattr(node, part)
    return node


def _parse(key: str, text: str) -> Any:
    default = get(Config(), key)
    if isinstance(default, bool):
        low = text.strip().lower()
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise InputError(f"Can't set {key} to '{text}': expected true or false.")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise InputError(f"Can't set {key} to '{text}': expected a whole number.") from None
    if isinstance(default, list):
        stripped = text.strip()
        if stripped.startswith("["):
            try:
                return json.loads(stripped)
            except json.JSONDecodeError:
                raise InputError(f"Can't set {key} to '{text}': expected a list like phq9,gad7.") from None
        return [p.strip() for p in stripped.split(",") if p.strip()]
    return text


def set_value(cfg: Config, key: str, text: str) -> Config:
    """A new Config with `key` set from the text a person typed; InputError when invalid."""
    get(cfg, key)
    value = _parse(key, text)
    try:
        value = _VALIDATORS[key](value)
    except _Invalid as exc:
        raise InputError(f"Can't set {key} to '{text}': {exc}.") from None
    if key.startswith("reminders."):
        return cfg._replace(reminders=cfg.reminders._replace(**{key.split(".", 1)[1]: value}))
    if key.startswith("checkin."):
        return cfg._replace(checkin=cfg.checkin._replace(**{key.split(".", 1)[1]: value}))
    return cfg._replace(**{key: value})
