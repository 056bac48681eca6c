"""Organisers' messages to the people of a trip, and the automatic reminders.

Nothing here sends email itself: each recipient gets one task, enqueued after commit
(`core.tasks.enqueue_on_commit`), which renders the email in that recipient's language.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import ApplicationStatus
from core.exceptions import InvalidTransition, ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from events.models import Trip

from .models import MessageAudience, OrganiserDigest, ReminderKind, ReminderSent, TripMessage
from .selectors import (
    deadline_reminder_recipients,
    digest_content,
    digest_period_start,
    organisations_due_digest,
    organiser_users,
    trip_message_recipients,
    trip_reminder_recipients,
    trips_closing_soon,
    trips_starting_soon,
    waitlist_offers_past_halfway,
)
from .tasks import (
    send_deadline_reminder_batch,
    send_organiser_digest,
    send_trip_message,
    send_trip_reminder,
    send_waitlist_offer_reminder,
)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {"fields": {field: [message]}})


def _clean(*, audience: str, statuses: list[str], subject: str, body: str) -> list[str]:
    if audience not in MessageAudience.values:
        raise _invalid("audience", _("Choose who the message is for."))
    wanted = [s for s in ApplicationStatus.values if s in statuses]
    if len(wanted) != len(set(statuses)):
        raise _invalid("statuses", _("Unknown application status."))
    if audience == MessageAudience.EMPLOYERS:
        wanted = []
    elif not wanted:
        raise _invalid("statuses", _("Choose the statuses of the applicants who should get it."))
    if not subject.strip() or not body.strip():
        raise _invalid("body", _("A message needs a subject and a text."))
    return wanted


def trip_message_draft_save(
    *,
    trip: Trip,
    author: User | None,
    audience: str,
    statuses: list[str],
    subject: str,
    body: str,
    message: TripMessage | None = None,
) -> TripMessage:
    """Write (or rewrite) a draft to preview. Sends nothing. A sent message cannot change."""
    wanted = _clean(audience=audience, statuses=statuses, subject=subject, body=body)
    if message is None:
        message = TripMessage(trip=trip)
    elif TripMessage.objects.filter(pk=message.pk, sent_at__isnull=False).exists():
        raise InvalidTransition(_("This message has already been sent."))
    message.author = author
    message.audience = audience
    message.statuses = wanted
    message.subject = subject.strip()
    message.body = body.strip()
    message.save()
    return message


def trip_message_send(*, message: TripMessage, actor: User | None) -> TripMessage:
    """Send a draft: lock it, record its recipients' number and the time, and enqueue one
    `send_trip_message` task per recipient after commit. Sending twice (a double click, two
    tabs) is refused with InvalidTransition; nobody to send to with ValidationFailed."""
    with transaction.atomic():
        message = TripMessage.objects.select_for_update().select_related("trip").get(pk=message.pk)
        if message.sent_at is not None:
            raise InvalidTransition(_("This message has already been sent."))
        recipient_ids = list(trip_message_recipients(message).values_list("pk", flat=True))
        if not recipient_ids:
            raise ValidationFailed(_("Nobody would get this message: choose other recipients."))
        message.recipient_count = len(recipient_ids)
        message.sent_at = timezone.now()
        if actor is not None:
            message.author = actor
        message.save(update_fields=["recipient_count", "sent_at", "author"])
        for user_id in recipient_ids:
            enqueue_on_commit(send_trip_message, message_id=message.pk, user_id=user_id)
    return message


# --- Reminders ------------------------------------------------------------------------------


def _claim(kind: str, object_id: int) -> ReminderSent | None:
    """The record that this reminder is sent, or None if it already was (by this or a
    concurrent run). Call inside a transaction."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(kind=kind, object_id=object_id)
    except IntegrityError:
        return None


def trip_reminders_send(*, now: datetime) -> int:
    """Remind the people of each trip that starts within three days, once per trip: the
    candidates with a place and the members of employers with a confirmed booking, each
    with their own programme and calendar link (one `send_trip_reminder` task each).
    Returns the number of emails enqueued."""
    sent = 0
    for trip in trips_starting_soon(now=now):
        with transaction.atomic():
            record = _claim(ReminderKind.TRIP_STARTS, trip.pk)
            if record is None:
                continue
            user_ids = list(trip_reminder_recipients(trip=trip).values_list("pk", flat=True))
            record.recipient_count = len(user_ids)
            record.save(update_fields=["recipient_count"])
            for user_id in user_ids:
                enqueue_on_commit(send_trip_reminder, trip_id=trip.pk, user_id=user_id)
            sent += len(user_ids)
    return sent


def waitlist_reminders_send(*, now: datetime) -> int:
    """Remind each candidate whose waitlist offer is half gone and still unanswered, once
    per offer (one `send_waitlist_offer_reminder` task each). Returns the number enqueued."""
    sent = 0
    for application in waitlist_offers_past_halfway(now=now):
        with transaction.atomic():
            record = _claim(ReminderKind.WAITLIST_OFFER, application.pk)
            if record is None:
                continue
            record.recipient_count = 1
            record.save(update_fields=["recipient_count"])
            enqueue_on_commit(send_waitlist_offer_reminder, application_id=application.pk)
            sent += 1
    return sent


DEADLINE_BATCH_SIZE = 100


def deadline_reminders_send(*, now: datetime) -> int:
    """Two days before a published trip's applications close, remind its matching talent
    pool (the people its trip alert invited) who have not applied, once per trip, in
    batches of `send_deadline_reminder_batch` tasks. Returns the number of addresses."""
    sent = 0
    for trip in trips_closing_soon(now=now):
        with transaction.atomic():
            record = _claim(ReminderKind.APPLICATION_DEADLINE, trip.pk)
            if record is None:
                continue
            recipients = deadline_reminder_recipients(trip=trip)
            record.recipient_count = len(recipients)
            record.save(update_fields=["recipient_count"])
            for start in range(0, len(recipients), DEADLINE_BATCH_SIZE):
                enqueue_on_commit(
                    send_deadline_reminder_batch,
                    trip_id=trip.pk,
                    recipients=[list(r) for r in recipients[start : start + DEADLINE_BATCH_SIZE]],
                )
            sent += len(recipients)
    return sent


def organiser_digests_send(*, now: datetime) -> int:
    """Once a day per organisation (after `selectors.DIGEST_LOCAL_TIME`), tell its organisers
    what needs them: new applications and booking cancellations since the previous digest,
    employers awaiting approval and refunds to make. Nothing to tell, no email (and the next
    digest still starts where the last one ended). One `send_organiser_digest` task per
    organiser. Returns the number of emails enqueued."""
    sent = 0
    for organisation in organisations_due_digest(now=now):
        since = digest_period_start(organisation=organisation, now=now)
        if not digest_content(organisation=organisation, since=since, until=now):
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    digest = OrganiserDigest.objects.create(
                        organisation=organisation,
                        day=timezone.localdate(now),
                        covered_from=since,
                        covered_until=now,
                    )
            except IntegrityError:
                continue  # a concurrent run sent today's
            user_ids = list(organiser_users(organisation=organisation).values_list("pk", flat=True))
            digest.recipient_count = len(user_ids)
            digest.save(update_fields=["recipient_count"])
            for user_id in user_ids:
                enqueue_on_commit(send_organiser_digest, digest_id=digest.pk, user_id=user_id)
            sent += len(user_ids)
    return sent


def reminders_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Every automatic reminder that is due; safe to run as often as cron likes."""
    now = now or timezone.now()
    return {
        ReminderKind.TRIP_STARTS: trip_reminders_send(now=now),
        ReminderKind.WAITLIST_OFFER: waitlist_reminders_send(now=now),
        ReminderKind.APPLICATION_DEADLINE: deadline_reminders_send(now=now),
        "organiser_digest": organiser_digests_send(now=now),
    }
