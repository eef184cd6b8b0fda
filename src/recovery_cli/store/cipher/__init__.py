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

`from recovery_cli.store import cipher` gives every public name of the submodules.
"""

from recovery_cli.store.cipher.convert import (
    TEMP_SUFFIXES,
    decrypt_home,
    encrypt_home,
    leftovers,
    rekey_home,
    remove_leftovers,
)
from recovery_cli.store.cipher.inspect import CIPHER_PRAGMAS, cipher_problems, cipher_settings
from recovery_cli.store.cipher.keying import (
    ENV_COMMAND,
    ENV_FILE,
    ENV_TIMEOUT,
    WRONG_PASSPHRASE,
    ask,
    backup_target,
    configure,
    connect,
    forget,
    is_encrypted,
    is_encrypted_connection,
    key_of,
    locked,
    new_passphrase,
    read_passphrase_file,
    run_passphrase_command,
    set_prompter,
    unattended,
    unattended_passphrase,
)
from recovery_cli.store.cipher.library import (
    INSTALL_HINT,
    NotInstalledError,
    available,
    sqlcipher,
)
from recovery_cli.store.cipher.status import (
    STATUS_NAME,
    Status,
    after_write,
    collect_status,
    read_status,
    status_path,
    write_status,
)

__all__ = [
    "CIPHER_PRAGMAS",
    "ENV_COMMAND",
    "ENV_FILE",
    "ENV_TIMEOUT",
    "INSTALL_HINT",
    "STATUS_NAME",
    "TEMP_SUFFIXES",
    "WRONG_PASSPHRASE",
    "NotInstalledError",
    "Status",
    "after_write",
    "ask",
    "available",
    "backup_target",
    "cipher_problems",
    "cipher_settings",
    "collect_status",
    "configure",
    "connect",
    "decrypt_home",
    "encrypt_home",
    "forget",
    "is_encrypted",
    "is_encrypted_connection",
    "key_of",
    "leftovers",
    "locked",
    "new_passphrase",
    "read_passphrase_file",
    "read_status",
    "rekey_home",
    "remove_leftovers",
    "run_passphrase_command",
    "set_prompter",
    "sqlcipher",
    "status_path",
    "unattended",
    "unattended_passphrase",
    "write_status",
]
