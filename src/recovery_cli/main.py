"""The console-script entry point.

`recovery --version` answers without importing anything heavy, and `recovery remind` (run by
cron) takes a fast path that imports neither typer nor rich nor questionary; everything else
goes to the typer application in `recovery_cli.cli`.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["--version"], ["-V"]):
        from recovery_cli import __version__

        print(f"recovery {__version__}")
        return 0
    from recovery_cli.cli import run

    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
