"""Amounts of money as people read them. Amounts are integers in öre everywhere else.

Swedish: "12 000 kr", "12 000,50 kr"; English: "SEK 12,000", "SEK 12,000.50". The thousands
separator (Swedish) and the space between the number and the currency are no-break spaces
(U+00A0), so an amount never breaks across lines. A negative amount (a credit note) starts
with a minus sign (U+2212).
"""

from django.utils import translation

NBSP = "\u00a0"
MINUS = "\u2212"


def format_amount(amount_ore: int, *, language: str | None = None) -> str:
    """`amount_ore` in kronor, in `language` (default: the active language)."""
    language = language or translation.get_language() or "sv"
    kronor, ore = divmod(abs(int(amount_ore)), 100)
    grouped = f"{kronor:,}"
    if language.startswith("sv"):
        number = grouped.replace(",", NBSP) + (f",{ore:02d}" if ore else "")
        text = f"{number}{NBSP}kr"
    else:
        number = grouped + (f".{ore:02d}" if ore else "")
        text = f"SEK{NBSP}{number}"
    return f"{MINUS}{text}" if amount_ore < 0 else text
