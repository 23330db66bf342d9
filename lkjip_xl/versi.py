"""The engine's version, in one place: pyproject.toml builds the package's metadata from it, and
every Log row names it without asking importlib.metadata (which costs a click 15 ms)."""

VERSI = "0.1.0"
