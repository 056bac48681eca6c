"""Sending templated email in the recipient's language."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .models import User


def _headers(context: dict) -> dict[str, str]:
    """An email with an unsubscribe link also says so in its headers (RFC 2369, and the
    one-click POST of RFC 8058), so mail programs offer their own unsubscribe button."""
    path = context.get("unsubscribe_path")
    if not path:
        return {}
    return {
        "List-Unsubscribe": f"<{settings.SITE_URL}{path}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_to_user(
    *,
    user: User,
    template: str,
    context: dict,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Render `templates/email/<template>_subject.txt` and `<template>.txt` in the user's
    language and send them, with `attachments` as (filename, content, mimetype). Context gets
    `user` and `site_url`."""
    context = {**context, "user": user, "site_url": settings.SITE_URL}
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
        body = render_to_string(f"email/{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[user.email], headers=_headers(context))
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def send_to_address(
    *, email: str, language: str, template: str, context: dict, reply_to: Sequence[str] = ()
) -> None:
    """Like send_to_user, for an address without an account (interest registrations, an
    organisation's contact address)."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
        body = render_to_string(f"email/{template}.txt", context)
    EmailMessage(
        subject=subject,
        body=body,
        to=[email],
        headers=_headers(context),
        reply_to=list(reply_to) or None,
    ).send()
