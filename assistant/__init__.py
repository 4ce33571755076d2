"""The question → answer pipeline of the national data library front door."""

__version__ = "0.1.0"
