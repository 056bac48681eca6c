from django import template

from ..money import format_amount

register = template.Library()


@register.filter
def kr(amount_ore) -> str:
    """`{{ amount_ore|kr }}`: "12 000 kr" in Swedish, "SEK 12,000" in English."""
    if amount_ore in (None, ""):
        return ""
    return format_amount(int(amount_ore))
