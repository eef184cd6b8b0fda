"""Trends over a window of days and the life chart."""
