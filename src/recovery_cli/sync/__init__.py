"""Sync between the owner's own computers through a folder another tool keeps in sync.

- `tables`: the declarative list of synced tables (adding one is one entry).
- `fileformat`: the encrypted, append-only device files (scrypt + AES-GCM).
- `engine`: the CRDT document (pycrdt) and one `recovery sync` run.

pycrdt and cryptography are imported only on this path (the `sync` extra).
"""
