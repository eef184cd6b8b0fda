"""`python -m recovery_cli`."""

from recovery_cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
