"""Encryption at rest: SQLCipher 4 through the optional `sqlcipher3` package.

Stdlib-only at import time; `sqlcipher3` is imported the first time an encrypted file is
actually opened, so the plaintext path pays nothing but a 16-byte header read (store/files.py).
None of these modules imports store/db.py: the store's layers go one way (db -> cipher ->
files, lock).

- `library`: loading sqlcipher3, its errors made catchable as the standard library's.
- `keying`: the passphrase (file, command with a timeout, prompt) and opening a file with it.
- `status`: status.json, the dates `recovery remind` needs while the database is locked.
- `identify`: what each file in backups/ is, before encrypt changes anything.
- `convert`: encrypt, decrypt, passphrase change and restore of an encrypted side: new files
  made and verified beside the old ones, then renamed in, all under the home's exclusive lock.
- `inspect`: what `doctor` shows.

The package itself imports nothing: each caller imports the submodule it needs, so the
submodules can import one another without a cycle through this file.
"""
