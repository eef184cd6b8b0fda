"""recovery: a private, local-first terminal companion for people in mental-health recovery."""

__version__ = "0.1.0"
