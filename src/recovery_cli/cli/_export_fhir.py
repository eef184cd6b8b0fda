"""`recovery export --format fhir`: questionnaire results as a FHIR R4 Bundle (the body of
the export command for this one format, kept apart from the report formats)."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_cli.cli._common import state

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from datetime import date, datetime
    from typing import TextIO

PATIENT_ID_FILE = "fhir-patient-id"


def patient_id(home: Path) -> str:
    """A random UUID for this home, made on the first FHIR export and kept in
    $RECOVERY_HOME/fhir-patient-id (0600): the same anonymous Patient in every bundle from
    this home, and nothing that identifies the person."""
    path = home / PATIENT_ID_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
        return str(uuid.UUID(text))
    except (FileNotFoundError, ValueError):
        pass
    new = str(uuid.uuid4())
    tmp = home / f".{PATIENT_ID_FILE}.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fp:
        fp.write(new + "\n")
    os.replace(tmp, path)
    return new


def refuse_report_options(*, section: bool, tag: bool, include_private: bool) -> None:
    """The report's options have no meaning here: the bundle holds questionnaire results only,
    never the journal (private or not)."""
    from recovery_cli.core.errors import InputError

    used = [flag for flag, on in (("--section", section), ("--tag", tag),
                                  ("--include-private", include_private)) if on]
    if used:
        raise InputError(f"{used[0]} is not used with --format fhir: the FHIR bundle holds "
                         "only questionnaire results, never the journal.")


def export_fhir(
    first: date, last: date, *, name: str | None, output: str | None, force: bool, now: datetime,
    private_file: Callable[[Path, bool], AbstractContextManager[TextIO]],
    target: Callable[[Path, str], Path],
) -> None:
    from recovery_cli.core.errors import InputError
    from recovery_cli.export import default_filename
    from recovery_cli.store import assessments as store_assessments
    from recovery_cli.ui import say

    if name is not None and not name.strip():
        raise InputError("--name is empty: give the name to put on the bundle, or leave "
                         "--name out for an anonymous patient.")
    st = state()
    records = store_assessments.history(st.db(), start=first.isoformat(), end=last.isoformat())
    from recovery_cli.export import fhir

    chosen = fhir.select(records, st.checklists())
    bundle = fhir.build_bundle(chosen.records, st.checklists(), patient_id=patient_id(st.home),
                               name=name.strip() if name else None, now=now)
    label = f"{first} to {last}"
    if output is None or output == "-":
        sys.stdout.write(fhir.render(bundle))
        sys.stdout.flush()
    else:
        dest = target(Path(output).expanduser(), default_filename("fhir", f"{first}_to_{last}"))
        with private_file(dest, force) as fp:  # Ctrl-C while rendering leaves no file behind
            fp.write(fhir.render(bundle))
        n = len(chosen.records)
        say(f"Saved the FHIR bundle ({n} questionnaire {'result' if n == 1 else 'results'}, "
            f"{label}) to {dest} (readable only by you).")
    # What is not in it, said after the write (an error above is then the only line shown).
    if not chosen.records:
        say(f"No questionnaire results in this period ({label}); the bundle holds only the "
            "patient.")
    if chosen.stage_left_out:
        say("The stage self-assessment is not in the FHIR bundle (it is not a clinical "
            "questionnaire).")
    if chosen.own_left_out:
        n = chosen.own_left_out
        say(f"{n} {'result' if n == 1 else 'results'} of your own checklists "
            f"{'is' if n == 1 else 'are'} not in the FHIR bundle (they have no standard codes).")
