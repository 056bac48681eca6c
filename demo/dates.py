from datetime import date, datetime

from django.utils import timezone


def local_datetime(day: date, hour: int, minute: int = 0) -> datetime:
    """`day` at hour:minute in the current time zone, aware."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
