"""Automatic retention (issue 14.4): each rule at its edge, per-organisation periods, the dry
run, idempotence, the inactivity reminder and erasure, the back-office pages and the command;
and the record of processing (GDPR art. 30)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.retention import (
    APPLICATIONS,
    AUDIT,
    EMPLOYER_NOTES,
    INACTIVE_ERASURES,
    INACTIVE_REMINDERS,
    REGISTRATIONS,
    months_before,
    retention_apply,
    retention_due,
)
from candidates.models import (
    AccessAction,
    AccessLog,
    ApplicantNote,
    Application,
    Candidate,
    InterestRegistration,
)
from core.models import ApiToken, Erasure, User
from events.models import RetentionPolicy
from followup.models import CoordinatorMembership
from itineraries.models import MeetingPreference
from packs.models import PackMark, PackView
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    OrganisationFactory,
    OrganiserFactory,
    TripFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


def ended_trip(organisation, ended_at, **kwargs):
    return TripFactory(
        organisation=organisation,
        status="completed",
        starts_at=ended_at - timedelta(days=2),
        ends_at=ended_at,
        application_deadline=ended_at - timedelta(days=10),
        **kwargs,
    )


def application_written(trip, **kwargs):
    application = ApplicationFactory(
        trip=trip,
        status="attended",
        dietary_needs="Vegetarian",
        accessibility_needs="Step-free rooms",
        travel="Train 07:12 from Stockholm",
        accommodation="Hotel Jämt, Storgatan 1",
        room_sharing="Shares with Anna",
        **kwargs,
    )
    ApplicantNote.objects.create(application=application, text="Very motivated, call back")
    return application


def counts(report, rule):
    return {
        (d.organisation.pk if d.organisation else None): d.count for d in report if d.rule == rule
    }


def registration(email, *, created_at, confirmed_at=None):
    return InterestRegistration.objects.create(
        email=email,
        name="Someone",
        consent_at=created_at,
        consent_version="2026-11",
        confirmed_at=confirmed_at,
        created_at=created_at,
    )


# --- (a) unconfirmed interest registrations -------------------------------------------------------


def test_unconfirmed_registrations_go_after_30_days_and_confirmed_ones_stay(now):
    registration("young@example.test", created_at=now - 29 * DAY)
    registration("old@example.test", created_at=now - 31 * DAY)
    registration("kept@example.test", created_at=now - 400 * DAY, confirmed_at=now - 399 * DAY)

    report = retention_apply(now=now)

    assert set(InterestRegistration.objects.values_list("email", flat=True)) == {
        "young@example.test",
        "kept@example.test",
    }
    assert counts(report, REGISTRATIONS) == {None: 1}


def test_registrations_use_the_shortest_period_of_any_organisation(now):
    RetentionPolicy.objects.create(
        organisation=OrganisationFactory(), unconfirmed_registration_days=60
    )
    RetentionPolicy.objects.create(
        organisation=OrganisationFactory(), unconfirmed_registration_days=10
    )
    registration("eleven@example.test", created_at=now - 11 * DAY)
    registration("nine@example.test", created_at=now - 9 * DAY)

    retention_apply(now=now)

    assert list(InterestRegistration.objects.values_list("email", flat=True)) == [
        "nine@example.test"
    ]


# --- (b) applications of ended trips --------------------------------------------------------------


def test_applications_are_anonymised_12_months_after_the_trip_keeping_status_and_dates(
    organisation, now
):
    cutoff = months_before(now, 12)
    old = application_written(ended_trip(organisation, cutoff - DAY))
    recent = application_written(ended_trip(organisation, cutoff + DAY))
    before = Application.objects.get(pk=old.pk)

    report = retention_apply(now=now)

    old.refresh_from_db()
    assert (
        old.motivation,
        old.travelling_from,
        old.dietary_needs,
        old.accessibility_needs,
        old.travel,
        old.accommodation,
        old.room_sharing,
    ) == ("", "", "", "", "", "", "")
    assert not ApplicantNote.objects.filter(application=old).exists()
    assert (old.status, old.created_at, old.updated_at) == (
        "attended",
        before.created_at,
        before.updated_at,
    )
    recent.refresh_from_db()
    assert recent.motivation == "I want to live near the mountains."
    assert recent.accommodation == "Hotel Jämt, Storgatan 1"
    assert ApplicantNote.objects.filter(application=recent).count() == 1
    assert counts(report, APPLICATIONS) == {organisation.pk: 1}


def test_a_second_run_writes_nothing_more(organisation, now):
    old = application_written(ended_trip(organisation, months_before(now, 13)))
    retention_apply(now=now)
    old.refresh_from_db()
    first_updated = old.updated_at

    report = retention_apply(now=now + DAY)

    old.refresh_from_db()
    assert old.updated_at == first_updated
    assert sum(d.count for d in report) == 0


def test_each_organisation_keeps_applications_for_its_own_period(organisation, now):
    other = OrganisationFactory()
    RetentionPolicy.objects.create(organisation=other, application_months=3)
    ended = months_before(now, 4)
    mine = application_written(ended_trip(organisation, ended))
    theirs = application_written(ended_trip(other, ended))

    report = retention_apply(now=now)

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.motivation and not theirs.motivation
    assert counts(report, APPLICATIONS) == {organisation.pk: 0, other.pk: 1}


# --- (d) employers' notes and marks ---------------------------------------------------------------


def test_employer_notes_and_wishes_go_6_months_after_the_trip(organisation, now):
    cutoff = months_before(now, 6)
    employer = EmployerFactory(organisation=organisation)
    old = ApplicationFactory(trip=ended_trip(organisation, cutoff - DAY), status="attended")
    recent = ApplicationFactory(trip=ended_trip(organisation, cutoff + DAY), status="attended")
    for application in (old, recent):
        PackMark.objects.create(employer=employer, application=application, note="Strong Java")
        MeetingPreference.objects.create(
            application=application, employer=employer, side="employer", level="must"
        )
    own_wish = MeetingPreference.objects.create(
        application=old, employer=employer, side="candidate", level="want"
    )

    report = retention_apply(now=now)

    assert list(PackMark.objects.values_list("application", flat=True)) == [recent.pk]
    assert set(MeetingPreference.objects.values_list("pk", flat=True)) == {
        own_wish.pk,
        MeetingPreference.objects.get(application=recent).pk,
    }
    assert counts(report, EMPLOYER_NOTES) == {organisation.pk: 2}
    old.refresh_from_db()
    assert old.motivation  # the application itself waits for its own 12 months


# --- (e) audit entries ----------------------------------------------------------------------------


def test_audit_entries_go_after_24_months_per_organisation(organisation, now):
    other = OrganisationFactory()
    RetentionPolicy.objects.create(organisation=other, audit_months=6)
    candidate = CandidateFactory()
    trip, other_trip = TripFactory(organisation=organisation), TripFactory(organisation=other)
    cutoff = months_before(now, 24)

    def log(trip, created_at):
        return AccessLog.objects.create(
            candidate=candidate,
            trip=trip,
            action=AccessAction.APPLICANT_VIEW,
            created_at=created_at,
        )

    def view(trip, created_at):
        return PackView.objects.create(
            trip=trip, kind="employer", format="web", created_at=created_at
        )

    kept = {log(trip, cutoff + DAY).pk, log(other_trip, months_before(now, 6) + DAY).pk}
    log(trip, cutoff - DAY)
    log(other_trip, months_before(now, 6) - DAY)
    kept_view = view(trip, cutoff + DAY)
    view(trip, cutoff - DAY)

    report = retention_apply(now=now)

    assert set(AccessLog.objects.values_list("pk", flat=True)) == kept
    assert list(PackView.objects.values_list("pk", flat=True)) == [kept_view.pk]
    assert counts(report, AUDIT) == {organisation.pk: 2, other.pk: 1, None: 0}


# --- dry run and the command ----------------------------------------------------------------------


def _world(organisation, now):
    registration("old@example.test", created_at=now - 40 * DAY)
    application_written(ended_trip(organisation, months_before(now, 13)))
    candidate = CandidateFactory()
    AccessLog.objects.create(
        candidate=candidate,
        organisation=organisation,
        action=AccessAction.PROFILE_VIEW,
        created_at=months_before(now, 25),
    )


def _snapshot():
    return (
        InterestRegistration.objects.count(),
        sorted(Application.objects.values_list("motivation", flat=True)),
        ApplicantNote.objects.count(),
        AccessLog.objects.count(),
    )


def test_the_dry_run_changes_nothing_and_reports_what_the_run_does(organisation, now):
    _world(organisation, now)
    before = _snapshot()

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    dry = out.getvalue()

    assert _snapshot() == before
    assert "Dry run: nothing is changed." in dry
    name = organisation.name
    assert (
        "Unconfirmed interest registrations: deleted — all organisations (30 days): 1 would go"
        in dry
    )
    assert f"Applications of ended trips: anonymised — {name} (12 months): 1 would go" in dry
    assert f"Audit entries: deleted — {name} (24 months): 1 would go" in dry
    assert "Would go in all: 3" in dry

    out = StringIO()
    call_command("apply_retention", stdout=out)
    done = out.getvalue()

    assert done.replace(" went", " would go").splitlines()[:-1] == dry.splitlines()[1:-1]
    assert "Went in all: 3" in done
    assert _snapshot() == (0, [""], 0, 0)

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Went in all: 0" in out.getvalue()


# --- (c) inactive candidate accounts --------------------------------------------------------------


def inactive_candidate(since, **user):
    """A candidate whose login, sign-up and profile change all lie at `since`."""
    candidate = CandidateFactory(user=UserFactory(**user))
    User.objects.filter(pk=candidate.user_id).update(last_login=since, date_joined=since)
    Candidate.objects.filter(pk=candidate.pk).update(updated_at=since, created_at=since)
    return User.objects.get(pk=candidate.user_id)


def test_an_inactive_account_gets_one_reminder_and_a_login_clears_it(
    client, now, mailoutbox, django_capture_on_commit_callbacks
):
    cutoff = months_before(now, 24)
    sleeping = inactive_candidate(cutoff - DAY, email="sleeping@example.test", language="en")
    awake = inactive_candidate(cutoff + DAY, email="awake@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(now=now)
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(now=now + DAY)

    sleeping.refresh_from_db()
    awake.refresh_from_db()
    assert sleeping.inactivity_reminded_at == now
    assert awake.inactivity_reminded_at is None
    assert [m.to for m in mailoutbox] == [["sleeping@example.test"]]
    erase_on = (now + timedelta(days=30)).date()
    assert f"{erase_on.day} {erase_on:%B %Y}" in mailoutbox[0].body
    assert "/accounts/login/" in mailoutbox[0].body or reverse("login") in mailoutbox[0].body
    assert counts(report, INACTIVE_REMINDERS)[None] == 1

    assert client.login(email="sleeping@example.test", password="pw-for-tests-1")
    sleeping.refresh_from_db()
    assert sleeping.inactivity_reminded_at is None


def test_an_application_or_profile_change_is_activity(now):
    cutoff = months_before(now, 24)
    applied = inactive_candidate(cutoff - 30 * DAY)
    application = ApplicationFactory(
        candidate=applied.candidate, trip=ended_trip(OrganisationFactory(), cutoff)
    )
    Application.objects.filter(pk=application.pk).update(created_at=cutoff + DAY)
    edited = inactive_candidate(cutoff - 30 * DAY)
    Candidate.objects.filter(user=edited).update(updated_at=cutoff + DAY)

    retention_apply(now=now)

    assert not User.objects.filter(inactivity_reminded_at__isnull=False).exists()


def test_using_the_api_with_a_token_is_activity(now):
    since = months_before(now, 30)
    api_user = inactive_candidate(since)
    ApiToken.objects.create(
        user=api_user, key_hash="a" * 64, prefix="jc_", created_at=since, last_used_at=now - DAY
    )
    idle = inactive_candidate(since)
    ApiToken.objects.create(user=idle, key_hash="b" * 64, prefix="jc_", created_at=since)

    retention_apply(now=now)

    assert list(User.objects.filter(inactivity_reminded_at__isnull=False)) == [idle]


def test_organisers_coordinators_employers_and_participants_are_not_candidate_accounts(now):
    since = months_before(now, 30)
    organiser = inactive_candidate(since)
    OrganiserFactory(user=organiser)
    coordinator = inactive_candidate(since)
    CoordinatorMembership.objects.create(organisation=OrganisationFactory(), user=coordinator)
    member = inactive_candidate(since)
    EmployerMemberFactory(user=member)
    going = inactive_candidate(since)
    application = ApplicationFactory(candidate=going.candidate, status="accepted")
    Application.objects.filter(pk=application.pk).update(created_at=since)
    plain = inactive_candidate(since)

    retention_apply(now=now)

    assert list(User.objects.filter(inactivity_reminded_at__isnull=False)) == [plain]


def test_a_candidate_of_several_organisations_is_held_to_the_shortest_period(now):
    long, short = OrganisationFactory(), OrganisationFactory()
    RetentionPolicy.objects.create(organisation=short, inactive_account_months=6)
    since = months_before(now, 7)
    both = inactive_candidate(since)
    only_long = inactive_candidate(since)
    for user, organisations in ((both, (long, short)), (only_long, (long,))):
        for organisation in organisations:
            application = ApplicationFactory(
                candidate=user.candidate, trip=ended_trip(organisation, since)
            )
            Application.objects.filter(pk=application.pk).update(created_at=since)

    report = retention_apply(now=now)

    assert list(User.objects.filter(inactivity_reminded_at__isnull=False)) == [both]
    assert counts(report, INACTIVE_REMINDERS) == {long.pk: 0, short.pk: 1, None: 0}


def test_activity_after_the_reminder_withdraws_it(now):
    reminded = inactive_candidate(months_before(now, 25))
    User.objects.filter(pk=reminded.pk).update(inactivity_reminded_at=now - 10 * DAY)
    Candidate.objects.filter(user=reminded).update(updated_at=now - 5 * DAY)

    retention_apply(now=now)

    reminded.refresh_from_db()
    assert reminded.inactivity_reminded_at is None


def test_within_the_grace_period_the_account_stays(now):
    reminded = inactive_candidate(months_before(now, 26))
    User.objects.filter(pk=reminded.pk).update(inactivity_reminded_at=now - 29 * DAY)

    report = retention_apply(now=now)

    reminded.refresh_from_db()
    assert reminded.erased_at is None
    assert not Erasure.objects.exists()
    assert counts(report, INACTIVE_ERASURES) == {None: 0}


def test_after_the_grace_period_the_account_is_erased(now):
    """Needs backoffice.erasure.person_erase (the p-erase branch): NotImplementedError before."""
    reminded = inactive_candidate(months_before(now, 26))
    User.objects.filter(pk=reminded.pk).update(inactivity_reminded_at=now - 31 * DAY)

    retention_apply(now=now)

    reminded.refresh_from_db()
    assert reminded.erased_at is not None
    erasure = Erasure.objects.get(user=reminded)
    assert erasure.via == Erasure.Via.RETENTION


# --- the back office ------------------------------------------------------------------------------


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def retention_url(organisation=None):
    url = reverse("manage:organisation_retention")
    return f"{url}?organisation={organisation.slug}" if organisation else url


def test_the_retention_page_shows_what_is_due_now_and_within_30_days(
    organiser_client, organisation, now
):
    trip = ended_trip(organisation, months_before(now, 12) - DAY, title="Vinterresan")
    application_written(trip)
    application_written(ended_trip(organisation, months_before(now, 12) + 10 * DAY))

    response = organiser_client.get(retention_url())

    assert response.status_code == 200
    rows = {
        (d.rule, d.organisation): (d.count, later.count) for d, later in response.context["rows"]
    }
    assert rows[(APPLICATIONS, organisation)] == (1, 2)
    html = response.content.decode()
    assert "Vinterresan: 1" in html
    assert "Applications of ended trips: anonymised" in html
    assert 'name="application_months" value="12"' in html


def test_another_organisations_retention_page_is_not_found(organiser_client):
    other = OrganisationFactory()
    assert organiser_client.get(retention_url(other)).status_code == 404
    assert organiser_client.post(retention_url(other), {"audit_months": 1}).status_code == 404


def test_the_retention_page_is_for_organisers(client):
    assert client.get(retention_url()).status_code == 302
    client.force_login(UserFactory())
    assert client.get(retention_url()).status_code == 403


VALID = {
    "unconfirmed_registration_days": 14,
    "application_months": 18,
    "inactive_account_months": 24,
    "inactive_grace_days": 30,
    "employer_notes_months": 3,
    "audit_months": 36,
}


def test_the_policy_form_saves_periods_within_their_limits(organiser_client, organisation):
    response = organiser_client.post(retention_url(organisation), VALID)

    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(organisation=organisation)
    assert {name: getattr(policy, name) for name in VALID} == VALID


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("application_months", "0", "Ensure this value is greater than or equal to 1."),
        ("audit_months", "121", "Ensure this value is less than or equal to 120."),
        ("inactive_grace_days", "3", "Ensure this value is greater than or equal to 7."),
        ("employer_notes_months", "six", "Enter a whole number."),
        ("unconfirmed_registration_days", "", "This field is required."),
    ],
)
def test_the_policy_form_refuses_periods_outside_their_limits(
    organiser_client, organisation, field, value, message
):
    response = organiser_client.post(retention_url(organisation), {**VALID, field: value})

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not RetentionPolicy.objects.filter(organisation=organisation).exists()


def test_the_organisation_page_links_to_retention_and_the_record(organiser_client, organisation):
    response = organiser_client.get(
        reverse("manage:organisation_settings", kwargs={"org": organisation.slug})
    )
    html = response.content.decode()
    assert f"{reverse('manage:organisation_retention')}?organisation={organisation.slug}" in html
    assert f"{reverse('manage:processing_record')}?organisation={organisation.slug}" in html


# --- the record of processing (art. 30) -----------------------------------------------------------


def test_the_record_of_processing_lists_each_purpose_with_the_organisations_periods(
    organiser_client, organisation
):
    RetentionPolicy.objects.create(organisation=organisation, audit_months=18)

    response = organiser_client.get(reverse("manage:processing_record"))

    assert response.status_code == 200
    assert [p.key for p in response.context["purposes"]] == [
        "talent_db",
        "applications",
        "sharing",
        "household",
        "followup",
        "bookings",
        "audit",
        "accounts",
    ]
    audit = response.context["purposes"][6]
    assert audit.retention == "Deleted after 18 months."
    html = response.content.decode()
    for heading in ("Data categories", "Data subjects", "Legal basis", "Recipients", "Safeguards"):
        assert html.count(f"<dt>{heading}</dt>") == 8
    assert reverse("manage:organisation_retention") in html


def test_the_record_of_processing_is_in_swedish(client, organiser, settings):
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    html = client.get(reverse("manage:processing_record")).content.decode()

    assert "Förteckning över behandlingar" in html
    assert "Rättslig grund" in html
    assert "Raderas efter 24 månader." in html


def test_the_record_of_processing_is_for_organisers_of_the_organisation(client, organiser):
    client.force_login(organiser)
    other = OrganisationFactory()
    url = reverse("manage:processing_record")
    assert client.get(f"{url}?organisation={other.slug}").status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_the_due_list_never_counts_another_organisations_rows(organisation, now):
    other = OrganisationFactory()
    application_written(ended_trip(other, months_before(now, 13)))

    due = retention_due(now=now, organisation=organisation)

    assert {d.organisation for d in due} == {organisation, None}
    assert sum(d.count for d in due if d.rule == APPLICATIONS) == 0


def test_the_dry_run_sends_no_reminder(now, mailoutbox, django_capture_on_commit_callbacks):
    sleeping = inactive_candidate(months_before(now, 25))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--dry-run", stdout=out)

    sleeping.refresh_from_db()
    assert sleeping.inactivity_reminded_at is None
    assert mailoutbox == []
    assert (
        "Inactive candidate accounts: reminder email — all organisations (24 months): 1 would go"
        in out.getvalue()
    )


def test_the_retention_page_makes_the_same_queries_whatever_the_data(
    organiser_client, organisation, now
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(retention_url()).status_code == 200
        return len(captured)

    application_written(ended_trip(organisation, months_before(now, 13)))
    inactive_candidate(months_before(now, 25))
    small = queries()
    for months in (14, 15, 16):
        trip = ended_trip(organisation, months_before(now, months))
        application_written(trip)
        application_written(trip)
        inactive_candidate(months_before(now, 20 + months))
    assert queries() == small


def test_superusers_open_any_organisations_retention_page(client):
    organisation = OrganisationFactory(name="Åre kommun")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(retention_url(organisation))

    assert response.status_code == 200
    assert response.context["organisation"] == organisation
