"""Writes of the insights app: the trip's cost, which organisers enter for cost per hire."""

from core.models import User
from events.models import Trip

from .models import TripCost


def trip_cost_set(*, trip: Trip, actor: User, amount_ore: int, note: str = "") -> TripCost:
    """Record (or replace) what the trip cost the organisers."""
    cost, _created = TripCost.objects.update_or_create(
        trip=trip, defaults={"amount_ore": amount_ore, "note": note.strip(), "updated_by": actor}
    )
    return cost
