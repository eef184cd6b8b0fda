"""What `recovery doctor` shows about an encrypted database."""

from __future__ import annotations

from typing import Any

CIPHER_PRAGMAS = ("cipher_version", "cipher_provider", "cipher_provider_version",
                  "cipher_page_size", "kdf_iter", "cipher_hmac_algorithm",
                  "cipher_kdf_algorithm", "cipher_plaintext_header_size")


def cipher_settings(conn: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in CIPHER_PRAGMAS:
        row = conn.execute(f"PRAGMA {name}").fetchone()
        if row is not None:
            out[name] = str(row[0])
    return out


def cipher_problems(conn: Any) -> list[str]:
    """PRAGMA cipher_integrity_check: one row per page whose HMAC fails (none when fine)."""
    return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
