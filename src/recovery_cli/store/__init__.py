"""SQLite storage: the only package that runs SQL or imports sqlite_utils.

`open_db(home)` is the single way in (so an encrypted connection can be swapped in later);
one module per table group holds the queries.
"""

from recovery_cli.store.db import open_db, open_db_readonly, transaction

__all__ = ["open_db", "open_db_readonly", "transaction"]
