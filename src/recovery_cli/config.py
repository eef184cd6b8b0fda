"""`config.toml`: the person's settings, validated by pydantic; dotted keys for get/set."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from recovery_cli import paths
from recovery_cli.errors import InputError, NotFoundError

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Reminders(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    checkin_time: str = "20:00"
    quiet_hours: str = ""
    assessments: list[str] = Field(default_factory=lambda: ["phq9", "gad7", "who5"])
    plan_review_days: int = Field(default=30, ge=0, le=3650)

    @field_validator("checkin_time")
    @classmethod
    def _time(cls, v: str) -> str:
        if not _HHMM.match(v):
            raise ValueError("expected a time like 20:00")
        return v

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, v: str) -> str:
        if v == "":
            return v
        parts = v.split("-")
        if len(parts) != 2 or not all(_HHMM.match(p) for p in parts):
            raise ValueError('expected "" (none) or a range like 22:30-07:00')
        return v


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    region: str | None = None
    streaks: bool = False
    crisis_keywords: bool = True
    reminders: Reminders = Field(default_factory=Reminders)

    @field_validator("region")
    @classmethod
    def _region(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        if not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError("expected a two-letter country code such as US, GB or IE")
        return v.upper()


KEYS = (
    "region",
    "streaks",
    "crisis_keywords",
    "reminders.checkin_time",
    "reminders.quiet_hours",
    "reminders.assessments",
    "reminders.plan_review_days",
)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def load(home: Path) -> Config:
    """Read config.toml (defaults when absent). A broken file is bad input naming the key."""
    path = paths.config_path(home)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc}).") from exc
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: {_first_error(exc)}.") from exc


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def dumps(cfg: Config) -> str:
    data = cfg.model_dump()
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
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(dumps(cfg))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def get(cfg: Config, key: str) -> Any:
    if key not in KEYS:
        raise NotFoundError(f"Unknown setting '{key}'. Settings: {', '.join(KEYS)}.")
    node: Any = cfg
    for part in key.split("."):
        node = getattr(node, part)
    return node


def _parse(key: str, text: str) -> Any:
    current_default = get(Config(), key)
    if isinstance(current_default, bool):
        low = text.strip().lower()
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise InputError(f"{key} takes true or false, not '{text}'.")
    if isinstance(current_default, int):
        try:
            return int(text)
        except ValueError:
            raise InputError(f"{key} takes a whole number, not '{text}'.") from None
    if isinstance(current_default, list):
        stripped = text.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError:
                raise InputError(f"{key} takes a list like phq9,gad7.") from None
            return value
        return [p.strip() for p in stripped.split(",") if p.strip()]
    return text


def set_value(cfg: Config, key: str, text: str) -> Config:
    """A new Config with `key` set from the text a person typed; InputError when invalid."""
    value = _parse(key, text)
    data = cfg.model_dump()
    node = data
    *parents, last = key.split(".")
    for part in parents:
        node = node[part]
    node[last] = value
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"Can't set {key} to '{text}': {_first_error(exc)}.") from exc
