"""Numbers and lists written the way a statistics release writes them."""

from __future__ import annotations

from assistant.models import Scalar


def number(value: Scalar, unit: str | None = None) -> str:
    if value is None:
        return "not available"
    if not isinstance(value, int | float):
        return str(value)
    magnitude = abs(float(value))
    decimals = 0 if float(value).is_integer() and magnitude >= 1 else 1 if magnitude >= 10 else 2
    text = f"{value:,.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    if unit in {"%", "percent", "Percentage"}:
        return f"{text}%"
    if unit in {"£", "GBP"}:
        return f"£{text}"
    return f"{text} {unit}" if unit else text


def listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def lower_first(text: str) -> str:
    """'Percentage of…' → 'percentage of…', but 'EYFSP results' stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
