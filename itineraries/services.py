"""Programme writes and calendar tokens. Every edit bumps `sequence` and `updated_at`.

Changes to the programme of a published trip email the people whose feeds show the item
(a background task enqueued after commit).
"""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from employers.models import ACTIVE_BOOKING_STATUSES
from events.models import Trip, TripStatus
from events.selectors import trip_slug_free
from events.services import trip_create, validation_failed

from .meetings import meetings_cancel_for_trip, meetings_cancel_in_block
from .models import Audience, CalendarToken, ItemKind, ItineraryItem
from .tasks import notify_programme_change, refresh_itinerary_documents

ITEM_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location_name",
    "address",
    "latitude",
    "longitude",
    "kind",
    "audience",
    "employer",
)


def _validate(item: ItineraryItem) -> None:
    errors: dict[str, list[str]] = {}
    trip = item.trip
    if item.starts_at and item.starts_at < trip.starts_at:
        errors.setdefault("starts_at", []).append(
            _("The item starts before the trip (%(start)s).")
            % {"start": timezone.localtime(trip.starts_at).strftime("%Y-%m-%d %H:%M")}
        )
    if item.ends_at and item.ends_at > trip.ends_at:
        errors.setdefault("ends_at", []).append(
            _("The item ends after the trip (%(end)s).")
            % {"end": timezone.localtime(trip.ends_at).strftime("%Y-%m-%d %H:%M")}
        )
    if item.starts_at and item.ends_at and item.ends_at <= item.starts_at:
        errors.setdefault("ends_at", []).append(_("The end must be after the start."))
    if item.audience == Audience.EMPLOYER:
        if item.employer_id is None:
            errors.setdefault("employer", []).append(_("Choose the employer this item is for."))
        elif not trip.bookings.filter(
            employer_id=item.employer_id, status__in=ACTIVE_BOOKING_STATUSES
        ).exists():
            errors.setdefault("employer", []).append(_("This employer has no booking on the trip."))
    if item.audience != Audience.EMPLOYER and item.employer_id is not None:
        item.employer = None
    if (item.latitude is None) != (item.longitude is None):
        errors.setdefault("latitude", []).append(_("Give both latitude and longitude, or neither."))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, extra={"fields": errors})
    try:
        item.full_clean(exclude=["trip", "employer"], validate_constraints=False)
    except ValidationError as error:
        raise validation_failed(error) from error


def _programme_changed(item: ItineraryItem, change: str) -> None:
    """After commit: packs (which show the programme) are rebuilt, and once the trip is
    published the people the item concerns are told. The packs app depends on this one, so
    its task is named by path (see core.tasks)."""
    enqueue_on_commit("packs.tasks.refresh_pack_documents", trip_ids=[item.trip_id])
    enqueue_on_commit(refresh_itinerary_documents, trip_ids=[item.trip_id])
    if item.trip.status == TripStatus.PUBLISHED:
        enqueue_on_commit(
            notify_programme_change,
            trip_id=item.trip_id,
            item_id=item.pk,
            title=item.title,
            change=change,
        )


@transaction.atomic
def itinerary_item_create(*, trip: Trip, actor: User | None, **fields: Any) -> ItineraryItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown item fields: {sorted(unknown)}")
    item = ItineraryItem(trip=trip, **fields)
    _validate(item)
    item.save()
    _programme_changed(item, "added")
    return item


@transaction.atomic
def itinerary_item_update(
    *, item: ItineraryItem, actor: User | None, **fields: Any
) -> ItineraryItem:
    """Change an item; its UID stays, its SEQUENCE grows."""
    unknown = set(fields) - set(ITEM_FIELDS) - {"cancelled"}
    if unknown:
        raise TypeError(f"Unknown item fields: {sorted(unknown)}")
    item = ItineraryItem.objects.select_for_update().select_related("trip").get(pk=item.pk)
    was_block = item.kind == ItemKind.MEETINGS
    for name, value in fields.items():
        setattr(item, name, value)
    _validate(item)
    item.sequence += 1
    item.updated_at = max(timezone.now(), item.updated_at + timedelta(microseconds=1))
    item.save()
    if was_block and (item.cancelled or item.kind != ItemKind.MEETINGS):
        meetings_cancel_in_block(block=item, actor=actor)
    _programme_changed(item, "cancelled" if fields.get("cancelled") else "changed")
    return item


def itinerary_item_cancel(*, item: ItineraryItem, actor: User | None) -> ItineraryItem:
    """Cancel but keep the item: feeds show it as STATUS:CANCELLED so calendars drop it."""
    return itinerary_item_update(item=item, actor=actor, cancelled=True)


@transaction.atomic
def itinerary_cancel(*, trip: Trip, actor: User | None) -> int:
    """Cancel every item of the trip's programme that is not cancelled yet (for a cancelled
    trip); returns how many. Each keeps its UID and its SEQUENCE grows, so every feed shows
    it as STATUS:CANCELLED. Dates are not validated again: cancelling needs no valid time.

    Side effects: packs are rebuilt after commit. No programme-change emails: the caller
    tells people about the whole trip at once (`backoffice.services.trip_cancel`).
    """
    items = list(ItineraryItem.objects.select_for_update().filter(trip=trip, cancelled=False))
    now = timezone.now()
    for item in items:
        item.cancelled = True
        item.sequence += 1
        item.updated_at = max(now, item.updated_at + timedelta(microseconds=1))
        item.save(update_fields=["cancelled", "sequence", "updated_at"])
    meetings = meetings_cancel_for_trip(trip=trip, actor=actor)
    if items or meetings:
        enqueue_on_commit("packs.tasks.refresh_pack_documents", trip_ids=[trip.pk])
        enqueue_on_commit(refresh_itinerary_documents, trip_ids=[trip.pk])
    return len(items)


@transaction.atomic
def itinerary_item_delete(*, item: ItineraryItem, actor: User | None) -> None:
    """Delete an item; a meeting block's meetings are cancelled (and shown so in feeds)."""
    if item.kind == ItemKind.MEETINGS:
        meetings_cancel_in_block(block=item, actor=actor)
    _programme_changed(item, "removed")
    item.delete()


@transaction.atomic
def itinerary_item_duplicate(*, item: ItineraryItem, actor: User | None) -> ItineraryItem:
    """A copy with a new UID, e.g. the same lunch on the second day (then edit its times)."""
    fields = {name: getattr(item, name) for name in ITEM_FIELDS}
    fields["title"] = item.title
    return itinerary_item_create(trip=item.trip, actor=actor, **fields)


def _shift_local(moment: datetime, days: int) -> datetime:
    """The same wall-clock time `days` later in Stockholm, across daylight-saving changes."""
    local = timezone.localtime(moment)
    return timezone.make_aware(local.replace(tzinfo=None) + timedelta(days=days))


@transaction.atomic
def itinerary_copy_from_trip(
    *, source: Trip, target: Trip, actor: User | None
) -> list[ItineraryItem]:
    """Copy `source`'s programme onto `target`, shifted by whole days to the new start date,
    keeping local wall-clock times. Cancelled items and items for one employer (bookings are
    per trip) are not copied. Raises ValidationFailed if an item falls outside the target.
    """
    local_day = lambda moment: timezone.localtime(moment).date()  # noqa: E731
    days = (local_day(target.starts_at) - local_day(source.starts_at)).days
    created = []
    for item in ItineraryItem.objects.filter(trip=source, cancelled=False).exclude(
        audience=Audience.EMPLOYER
    ):
        fields = {name: getattr(item, name) for name in ITEM_FIELDS}
        fields["starts_at"] = _shift_local(item.starts_at, days)
        fields["ends_at"] = _shift_local(item.ends_at, days)
        created.append(itinerary_item_create(trip=target, actor=actor, **fields))
    return created


def _outside_calendar(field: str) -> ValidationFailed:
    message = _("The copy's dates would fall outside the calendar.")
    return ValidationFailed(message, extra={"fields": {field: [message]}})


@transaction.atomic
def trip_copy(
    *,
    source: Trip,
    actor: User | None,
    starts_at: datetime,
    title: str = "",
    slug: str = "",
) -> Trip:
    """A new draft trip like `source` (same organisation, details, sectors, capacity and
    price) starting at `starts_at`, with its programme.

    Every other date (end, application deadline, refund cut-off, programme items) moves by
    the same number of calendar days as the start, keeping its local wall-clock time across
    daylight-saving changes. Items for one employer and cancelled items are not copied
    (see `itinerary_copy_from_trip`). Without `title` the copy keeps the source's; without
    `slug` one is made from the title and the new start date. One transaction: nothing is
    stored if any date or item is invalid (ValidationFailed) or the slug is taken
    (AlreadyExists).
    """
    try:
        # Converting to UTC (the database's) is where a date at the calendar's edge fails.
        start = starts_at.astimezone(UTC)
        local_start = timezone.localtime(start)
    except (OverflowError, ValueError):
        raise _outside_calendar("starts_at") from None
    days = (local_start.date() - timezone.localtime(source.starts_at).date()).days

    def shifted(moment: datetime, field: str) -> datetime:
        try:
            return _shift_local(moment, days).astimezone(UTC)
        except (OverflowError, ValueError):
            raise _outside_calendar(field) from None

    title = title or source.title
    cutoff = source.booking_refund_cutoff
    trip = trip_create(
        organisation=source.organisation,
        actor=actor,
        sectors=list(source.sectors.all()),
        slug=slug or trip_slug_free(f"{title} {local_start:%Y-%m-%d}"),
        title=title,
        summary=source.summary,
        description=source.description,
        starts_at=start,
        ends_at=shifted(source.ends_at, "ends_at"),
        base_locations=source.base_locations,
        candidate_capacity=source.candidate_capacity,
        employer_slots=source.employer_slots,
        slot_price_ore=source.slot_price_ore,
        application_deadline=shifted(source.application_deadline, "application_deadline"),
        booking_refund_cutoff=None if cutoff is None else shifted(cutoff, "booking_refund_cutoff"),
        international_applicants=source.international_applicants,
        contact_phone=source.contact_phone,
        emergency_contact=source.emergency_contact,
    )
    itinerary_copy_from_trip(source=source, target=trip, actor=actor)
    return trip


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> CalendarToken:
    """Revoke the user's feed token (if any) and make a new one (a 192-bit verifier)."""
    now = timezone.now()
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    return CalendarToken.objects.create(
        user=user,
        selector=secrets.token_hex(CalendarToken.SELECTOR_LENGTH // 2),
        verifier=secrets.token_urlsafe(24),
        created_at=now,
    )


def calendar_token_revoke(*, user: User) -> int:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
