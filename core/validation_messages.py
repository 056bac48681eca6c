"""Per-field API validation messages in the reader's language.

pydantic writes its messages in English; the API answers each field in the language of the
request, so the common error types get our own (translated) wording. Anything else keeps
pydantic's text.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _limit(ctx: dict[str, Any], key: str) -> Any:
    return ctx.get(key, "")


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error (`type`, `msg`, `ctx`) as a sentence for the person who sent it."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        n = _limit(ctx, "max_length")
        return ngettext("At most %(n)s character.", "At most %(n)s characters.", n) % {"n": n}
    if kind == "string_too_short":
        n = _limit(ctx, "min_length")
        return ngettext("At least %(n)s character.", "At least %(n)s characters.", n) % {"n": n}
    if kind in ("too_long", "too_short"):
        return _("The list has the wrong number of items.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return _("Enter a number.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return _("Enter a date and time, e.g. 2027-03-01T09:00:00+01:00.")
    if kind.startswith("date"):
        return _("Enter a date, e.g. 2027-03-01.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt", ""))}
    if kind in ("less_than_equal", "less_than"):
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt", ""))}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("list_type", "set_type", "tuple_type"):
        return _("Expected a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Expected an object.")
    if kind == "json_invalid":
        return _("The body is not valid JSON.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "value_error":
        # Our own validators raise ValueError with a message already in the reader's language.
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return str(error.get("msg") or _("Invalid."))
