"""Medications, life events and therapy sessions."""
