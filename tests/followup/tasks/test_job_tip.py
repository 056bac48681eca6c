"""A job tip: an open hiring need of the organisation's employers (or a link) emailed to
the person of the case, in their language, and recorded in the contact log."""

import pytest
from django.core import mail

from core.exceptions import ValidationFailed
from followup.models import ContactChannel, ContactEntry
from followup.task_services import job_tip_send
from tests.factories import CandidateFactory, EmployerFactory, HiringNeedFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(org):
    return HiringNeedFactory(
        employer=EmployerFactory(organisation=org, name="Jämtkraft"),
        role_title="Drifttekniker",
        description="Du sköter våra vattenkraftverk.",
    )


def test_a_hiring_need_is_emailed_and_logged(
    case, coordinator, need, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = job_tip_send(
            case=case, actor=coordinator, hiring_need_id=need.pk, message="Hör av dig!"
        )
    logged = ContactEntry.objects.get(case=case)
    assert logged == entry
    assert (logged.channel, logged.hiring_need, logged.note, logged.author) == (
        ContactChannel.JOB_TIP,
        need,
        "Hör av dig!",
        coordinator,
    )
    (email,) = mail.outbox
    assert email.to == ["kim@example.test"]
    # No profile: Swedish.
    assert email.subject == "Ett jobb för dig: Drifttekniker hos Jämtkraft"
    assert "Hej Kim Flyttare!" in email.body
    assert "Du sköter våra vattenkraftverk." in email.body
    assert "Hör av dig!" in email.body
    assert "Cora Koordinator" in email.body
    assert f"/jobs/?sector={need.sector.code}" in email.body


def test_a_link_in_the_persons_own_language(
    make_case, coordinator, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(user=UserFactory(language="en"))
    case = make_case(candidate=candidate, email="linked@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        job_tip_send(case=case, actor=coordinator, link="https://jobb.example.se/123")
    (email,) = mail.outbox
    assert email.subject == "A job tip from Östersunds kommun"
    assert "https://jobb.example.se/123" in email.body
    assert ContactEntry.objects.get(case=case).link == "https://jobb.example.se/123"


@pytest.mark.parametrize(
    "make_need, field",
    [
        (
            lambda org, other: HiringNeedFactory(
                employer=EmployerFactory(organisation=org), status="closed"
            ),
            "hiring_need",
        ),
        (
            lambda org, other: HiringNeedFactory(employer=EmployerFactory(organisation=other)),
            "hiring_need",
        ),
        (
            lambda org, other: HiringNeedFactory(
                employer=EmployerFactory(organisation=org, approved_at=None)
            ),
            "hiring_need",
        ),
    ],
    ids=["closed", "another organisation's", "unapproved employer"],
)
def test_refused_needs_send_and_log_nothing(
    case, coordinator, org, other_org, make_need, field, django_capture_on_commit_callbacks
):
    refused = make_need(org, other_org)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationFailed) as error:
        job_tip_send(case=case, actor=coordinator, hiring_need_id=refused.pk)
    assert error.value.status_code == 422
    assert list(error.value.extra["fields"]) == [field]
    assert mail.outbox == []
    assert not ContactEntry.objects.exists()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"link": "http://jobb.example.se/1"}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({}, "hiring_need"),
    ],
)
def test_a_link_must_be_https_and_something_must_be_given(case, coordinator, kwargs, field):
    with pytest.raises(ValidationFailed) as error:
        job_tip_send(case=case, actor=coordinator, **kwargs)
    assert list(error.value.extra["fields"]) == [field]


def test_both_a_need_and_a_link_is_refused(case, coordinator, need):
    with pytest.raises(ValidationFailed):
        job_tip_send(
            case=case, actor=coordinator, hiring_need_id=need.pk, link="https://example.se"
        )


def test_a_case_without_email_is_refused(make_case, coordinator, need):
    case = make_case(email="")
    with pytest.raises(ValidationFailed) as error:
        job_tip_send(case=case, actor=coordinator, hiring_need_id=need.pk)
    assert "no email address" in error.value.message
    assert not ContactEntry.objects.exists()
