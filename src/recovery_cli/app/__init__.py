"""Use cases: what a command does, given a Session; no terminal, no prompts, no typer."""
