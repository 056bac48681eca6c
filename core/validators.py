"""Checks several apps share."""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Dates a trip or programme item can have. Python's datetimes end at years 1 and 9999, so a
# time near either edge overflows once moved to UTC or to local time, and a calendar feed
# (which spans the years around its items) cannot be built; nothing real is that far out.
CALENDAR_YEARS = (2000, 2999)


def validate_calendar_datetime(value: datetime) -> None:
    """An aware datetime within CALENDAR_YEARS (in UTC), or ValidationError."""
    first, last = CALENDAR_YEARS
    try:
        year = value.astimezone(UTC).year
    except (OverflowError, ValueError):
        year = None
    if year is None or not first <= year <= last:
        raise ValidationError(
            _("Give a date between the years %(first)d and %(last)d.")
            % {"first": first, "last": last},
            code="out_of_calendar",
        )
