"""The daily check-in's rules and quick moments (snaps)."""
