"""What `recovery sync status` and `doctor` print about sync."""

from __future__ import annotations

from typing import Any


def status_lines(status: dict[str, Any]) -> list[str]:
    lines = [f"Sync folder: {status['folder']}",
             f"This computer: {status['name']} ({status['device']}), last sync "
             f"{status['last_sync'] or 'never'}"]
    for d in status["devices"]:
        gone = " (forgotten)" if d["forgotten"] else ""
        lines.append(f"  {d['name']} ({d['device']}): last read {d['last_at'] or 'never'}, "
                     f"{d['files']} file(s){gone}")
    if not status["devices"]:
        lines.append("  No other computer has written to the folder yet.")
    lines.append(f"Pending: {status['pending']} file(s) not yet written to the folder, "
                 f"{status['changed']} record(s) changed here since the last sync.")
    for c in status["conflicts"]:
        lines.append(f"One answer was replaced: {c['table']} {c['gid']} {c['field']}: "
                     f"{c['replaced']} -> {c['kept']} (the replaced value is kept in this "
                     "record's history)")
    for u in status["unreadable"]:
        lines.append(f"Unreadable: {u}")
    return lines
