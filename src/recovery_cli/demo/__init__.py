"""The demo's made-up history."""
