"""Find, parse and validate checklist files into models.

Built-in files ship inside the package (`data/checklists/`); files in
`$RECOVERY_HOME/checklists/` add to them or override them by id. A broken file becomes one
`ChecklistError` naming the file and the field, and every other checklist still loads.

pydantic is imported only on the validating path: the shipped files, while the home holds no
file of the person's own, are read by `plain_data` from their parsed copy (core/shipped.py)
or with tomllib alone (issue 23; they are validated at test time, tests/core/test_plain_data.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from recovery_cli.core import paths
from recovery_cli.core.errors import ChecklistError, NotFoundError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from recovery_cli.core.models import Checklist, CrisisData

M = TypeVar("M", bound="BaseModel")
_id_of = attrgetter("id")  # every model loaded by id has an `id` field


class ChecklistSet(NamedTuple):
    checklists: Mapping[str, Checklist] = {}
    errors: Sequence[ChecklistError] = []
    origin: Mapping[str, Path] = {}

    def resolve(self, name: str) -> str | None:
        """The id of the checklist `name` means: its id or title in any case, with or without
        punctuation (`PHQ-9`, `phq9`); None when there is none."""
        from recovery_cli.core import names

        return names.resolve(name, {c.id: (c.title,) for c in self.checklists.values()})

    def get(self, checklist_id: str) -> Checklist:
        found = self.resolve(checklist_id)
        if found is None:
            from recovery_cli.core import names

            known = ", ".join(sorted(self.checklists)) or "none"
            hint = names.did_you_mean(
                checklist_id, {c.id: (c.title,) for c in self.checklists.values()})
            raise NotFoundError(f"No checklist '{checklist_id}'.{hint} Known: {known}.")
        return self.checklists[found]

    def of_kind(self, kind: str) -> list[Checklist]:
        return [c for c in self.checklists.values() if c.kind == kind]


def _field_of(exc: ValidationError, data: dict[str, Any]) -> tuple[str, str]:
    err = exc.errors()[0]
    parts: list[str] = []
    node: Any = data
    for p in err["loc"]:
        if isinstance(p, int) and isinstance(node, list) and p < len(node):
            node = node[p]
            ident = node.get("id") if isinstance(node, dict) else None
            parts[-1:] = [f"{parts[-1]}[{ident or p}]"] if parts else [str(p)]
            continue
        parts.append(str(p))
        node = node.get(p) if isinstance(node, dict) else None
    msg = str(err["msg"]).removeprefix("Value error, ")
    return ".".join(parts), msg


def load_model(path: Path, model: type[M]) -> M:
    """Parse one TOML file into `model`; ChecklistError names the file and field."""
    import tomllib

    from pydantic import ValidationError

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(str(path), "", f"TOML syntax error: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(str(path), "", f"can't be read: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where, msg = _field_of(exc, data)
        raise ChecklistError(str(path), where, msg) from exc


def load_folders(
    model: type[M], folders: Iterable[Path]
) -> tuple[dict[str, M], dict[str, Path], list[ChecklistError]]:
    """Every `*.toml` file of each folder (a missing folder is skipped) validated as `model`:
    (id -> model, id -> its file, errors). A later folder overrides an earlier one by id; a
    broken file, or a second file with an id already used in the same folder, becomes a
    `ChecklistError` naming it and is skipped, and every other file still loads."""
    found: dict[str, M] = {}
    origin: dict[str, Path] = {}
    errors: list[ChecklistError] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        seen: dict[str, Path] = {}
        for path in sorted(folder.glob("*.toml")):
            try:
                loaded = load_model(path, model)
            except ChecklistError as exc:
                errors.append(exc)
                continue
            ident: str = _id_of(loaded)
            if ident in seen:
                errors.append(ChecklistError(
                    str(path), "id", f"id '{ident}' is also used by {seen[ident].name}"))
                continue
            seen[ident] = path
            found[ident] = loaded
            origin[ident] = path
    return found, origin, errors


def _plain_builtin() -> ChecklistSet | None:
    """The shipped checklists read with tomllib alone; None when anything is unexpected (the
    validating path then reads them and names what is wrong)."""
    from recovery_cli.core import plain_data, shipped

    found: dict[str, Checklist] = {}
    origin: dict[str, Path] = {}
    try:
        for path in sorted(paths.builtin_checklists_dir().glob("*.toml")):
            loaded = plain_data.Checklist.of(shipped.read(path))
            if loaded.id in found:
                return None
            # Typed as the model it mirrors field for field (tests/core/test_plain_data.py).
            found[loaded.id] = cast("Checklist", loaded)
            origin[loaded.id] = path
    except Exception:
        return None
    return ChecklistSet(checklists=found, errors=[], origin=origin)


def load_checklists(home: Path | None, builtin: Path | None = None, *,
                    validate: bool = False) -> ChecklistSet:
    """Built-in checklists, then the person's own (which override by id). A person's own
    `phq9` without the item-9 safety rule is refused (named in `errors`) and the built-in
    PHQ-9 is kept (`safety_rules`). With no file of the person's own (and neither `builtin`
    nor `validate` given) the shipped files are read without pydantic."""
    own_dir = paths.user_checklists_dir(home) if home is not None else None
    if builtin is None and not validate and not (own_dir and any(own_dir.glob("*.toml"))):
        plain = _plain_builtin()
        if plain is not None:
            return plain
    from recovery_cli.assess import safety_rules
    from recovery_cli.core.models import Checklist

    found, origin, errors = load_folders(Checklist, [builtin or paths.builtin_checklists_dir()])
    if home is not None:
        own, own_origin, own_errors = load_folders(Checklist, [paths.user_checklists_dir(home)])
        errors += own_errors
        phq9 = own.get(safety_rules.PHQ9)
        if phq9 is not None and not safety_rules.keeps_item9_rule(phq9):
            errors.append(ChecklistError(str(own_origin[safety_rules.PHQ9]), "safety",
                                         safety_rules.REFUSED_OVERRIDE))
            del own[safety_rules.PHQ9]
        found.update(own)
        origin.update({k: v for k, v in own_origin.items() if k in own})
    return ChecklistSet(checklists=found, errors=errors, origin=origin)


def load_crisis(path: Path | None = None, *, validate: bool = False) -> CrisisData:
    """The crisis lines; the shipped file without pydantic unless `validate` (doctor) or
    another `path` is asked for, or it can't be read that way."""
    if path is None and not validate:
        from recovery_cli.core import plain_data, shipped

        try:
            doc = shipped.read(paths.builtin_data_dir() / "crisis.toml")
            return cast("CrisisData", plain_data.CrisisData.of(doc))
        except Exception:
            pass  # the validating path names what is wrong
    from recovery_cli.core.models import CrisisData

    return load_model(path or paths.builtin_data_dir() / "crisis.toml", CrisisData)
