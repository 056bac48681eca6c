from django.tasks import task

from core.emails import send_to_user
from core.invitations import invitation_email_send
from core.models import User

from .models import Employer, EmployerInvitation, Invoice, SlotBooking


@task()
def email_booking_members(*, booking_id: int, template: str, context: dict | None = None) -> int:
    """Email every member of the booking's employer (each in their language)."""
    booking = SlotBooking.objects.select_related("trip", "employer").filter(pk=booking_id).first()
    if booking is None:
        return 0
    members = booking.employer.members.filter(is_active=True)
    for user in members:
        send_to_user(user=user, template=template, context={**(context or {}), "booking": booking})
    return len(members)


@task()
def email_employer_people(
    *, employer_id: int, user_ids: list[int], template: str, actor_id: int | None = None
) -> int:
    """Email these people about the employer (its approval, their removal from its team),
    each in their language. The context has `employer` and `actor` (who did it)."""
    employer = Employer.objects.select_related("organisation").filter(pk=employer_id).first()
    if employer is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    context = {"employer": employer, "actor": actor}
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    for user in users:
        send_to_user(user=user, template=template, context=context)
    return len(users)


@task()
def email_employer_invitation(*, invitation_id: int) -> bool:
    """Email the invitation's link (template `employer_invitation`) unless it was accepted,
    withdrawn or has expired meanwhile (see `core.invitations.invitation_email_send`)."""
    invitation = (
        EmployerInvitation.objects.select_related("employer", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    return invitation_email_send(
        invitation,
        template="employer_invitation",
        url_name="employer:invitation",
        context={"employer": invitation.employer} if invitation else {},
    )


@task()
def release_expired_hold(*, booking_id: int) -> str:
    from .bookings import booking_hold_release_if_expired  # noqa: PLC0415 -- leaf

    booking = booking_hold_release_if_expired(booking_id=booking_id)
    return booking.status if booking else "gone"


@task()
def refund_booking(*, booking_id: int) -> str:
    from .bookings import booking_refund_send  # noqa: PLC0415 -- leaf

    booking = booking_refund_send(booking_id=booking_id)
    return booking.refund_state if booking else "gone"


@task()
def email_invoice(*, invoice_id: int, template: str) -> int:
    """Email an invoice or credit note, its PDF attached, to the employer's members (each
    email in the member's language; the PDF in the invoice's)."""
    from .invoices import invoice_filename, invoice_pdf  # noqa: PLC0415 -- leaf

    invoice = (
        Invoice.objects.select_related("booking__trip", "booking__employer", "credits")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is None:
        return 0
    attachment = (invoice_filename(invoice), invoice_pdf(invoice), "application/pdf")
    members = list(invoice.booking.employer.members.filter(is_active=True).order_by("pk"))
    for user in members:
        context = {"invoice": invoice, "booking": invoice.booking}
        send_to_user(user=user, template=template, context=context, attachments=[attachment])
    return len(members)


@task()
def issue_pending_invoices(*, organisation_id: int) -> int:
    """Issue the invoices that waited for the organisation's billing details."""
    from .invoices import invoices_issue_pending  # noqa: PLC0415 -- leaf

    return len(invoices_issue_pending(organisation_id=organisation_id))


@task()
def remind_invoice(*, invoice_id: int) -> str:
    """Deferred to the invoice's reminder time: remind if still unpaid."""
    from .invoices import invoice_remind  # noqa: PLC0415 -- leaf

    return "reminded" if invoice_remind(invoice_id=invoice_id) else "nothing to do"


@task()
def release_lapsed_booking(*, booking_id: int) -> str:
    """Deferred to the end of an invoice's grace period: release the booking if unpaid."""
    from .services import invoice_booking_release_if_lapsed  # noqa: PLC0415 -- leaf

    booking = invoice_booking_release_if_lapsed(booking_id=booking_id)
    return booking.status if booking else "gone"
