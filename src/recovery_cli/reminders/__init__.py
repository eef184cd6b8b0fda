"""What is due (schedule) and `recovery remind`'s fast path (run)."""
