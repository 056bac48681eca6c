from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Candidate, TripInvitation
from candidates.selectors import applications_for_trip
from candidates.suggestions import applications_by_fit, trip_fit, trip_suggestions
from candidates.talent import trip_invitations_create
from core.exceptions import DeadlinePassed, ValidationFailed

from ..factories import ApplicationFactory, TripFactory
from .conftest import consenting, registration

pytestmark = pytest.mark.django_db


def _month(day) -> str:
    return day.strftime("%B %Y")


def test_suggestions_rank_a_strong_match_above_a_weak_one_with_reasons(suggestions):
    strong, weak = suggestions.strong, suggestions.weak
    ranked = [
        (s.candidate, s.registration, s.name, s.score, list(s.reasons))
        for s in trip_suggestions(suggestions.trip)
    ]
    assert ranked == [
        (
            strong.pk,
            None,
            "Stina Stark",
            20 + 30 + 16 + 15 + 10 + 5,
            [
                "Works in IT, a sector of the trip",
                "Skills match Backend developer at Åre Data: python, django, backend, developer",
                "8 years of experience",
                f"Can move from {_month(strong.earliest_move_date)}",
                "Speaks Swedish",
                "Speaks English",
            ],
        ),
        (
            weak.pk,
            None,
            "Vera Vag",
            20 + 2 + 5,
            ["Works in IT, a sector of the trip", "1 year of experience", "Speaks English"],
        ),
        (
            None,
            suggestions.registration.pk,
            "Rita Registrerad",
            20,
            ["Works in IT, a sector of the trip"],
        ),
    ]


def test_suggestions_reasons_follow_the_language(suggestions):
    from django.utils import translation

    with translation.override("sv"):
        first = trip_suggestions(suggestions.trip)[0]
    assert first.reasons[0] == "Arbetar inom IT, en av resans branscher"
    assert first.reasons[-2:] == ("Talar svenska", "Talar engelska")


def test_suggestions_order_ties_by_id(suggestions):
    first = consenting(name="Lika Ett", headline="", years_experience=0)
    second = consenting(name="Lika Två", headline="", years_experience=0)
    ties = [s.candidate for s in trip_suggestions(suggestions.trip) if s.score == 20]
    ties.remove(None)  # the registration, after the candidates
    assert ties == [first.pk, second.pk]


def test_suggestions_count_basic_swedish_and_a_late_move_less(suggestions):
    late = consenting(
        name="Sen Flytt",
        headline="",
        years_experience=0,
        languages=["svenska (grundläggande)"],
        earliest_move_date=suggestions.trip.ends_at.date() + timedelta(days=300),
    )
    never = consenting(
        name="Långt Bort",
        headline="",
        years_experience=0,
        earliest_move_date=suggestions.trip.ends_at.date() + timedelta(days=800),
    )
    by_id = {s.candidate: s for s in trip_suggestions(suggestions.trip)}
    assert by_id[late.pk].score == 20 + 8 + 5
    assert by_id[late.pk].reasons[-1] == "Speaks some Swedish"
    assert by_id[never.pk].reasons == ("Works in IT, a sector of the trip",)


def test_suggestions_query_count_does_not_grow(suggestions, django_assert_max_num_queries):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            trip_suggestions(suggestions.trip)
        return len(captured)

    small = count()
    for n in range(15):
        consenting(name=f"Fler {n}", skills=["Python"])
        registration(f"fler{n}@example.test")
    assert count() == small
    with django_assert_max_num_queries(8):
        trip_suggestions(suggestions.trip)


def test_suggestions_score_as_the_applicant_list_does_and_show_the_page_read(suggestions):
    """The list is ranked from rows without the reasons in words; a suggestion read from it
    has the score and the reasons that scoring the candidate's profile gives."""
    for n in range(6):
        consenting(name=f"Fler {n}", skills=["Python", "Django"][: n % 3], years_experience=n)
    suggested = trip_suggestions(suggestions.trip)
    fit = trip_fit(suggestions.trip)
    profiles = Candidate.objects.prefetch_related("sectors").in_bulk(
        [s.candidate for s in suggested if s.candidate]
    )
    for suggestion in suggested:
        if suggestion.candidate:
            expected = fit.candidate_fit(profiles[suggestion.candidate])
            assert (suggestion.score, suggestion.reasons) == (expected.score, expected.reasons)
    assert [s.score for s in suggested] == sorted((s.score for s in suggested), reverse=True)
    assert suggested[1:3] == list(suggested)[1:3]
    assert suggested.keys() == [s.key for s in suggested]


def test_applications_by_fit_orders_the_applicants(suggestions):
    trip = suggestions.trip
    weak = ApplicationFactory(trip=trip, candidate=suggestions.weak)
    strong = ApplicationFactory(trip=trip, candidate=suggestions.strong)
    applied = suggestions.excluded["applied"].applications.get()  # python, backend developer
    ranked = applications_by_fit(trip, applications_for_trip(trip))
    assert [(a.pk, a.fit.score) for a in ranked] == [
        (strong.pk, 96),
        (applied.pk, 20 + 30 + 10),
        (weak.pk, 27),
    ]
    assert ranked[0].fit.reasons[1].startswith("Skills match Backend developer")


# --- Inviting --------------------------------------------------------------------------------


def _invite(suggestions, organiser, candidates=(), registrations=()):
    return trip_invitations_create(
        trip=suggestions.trip,
        actor=organiser,
        candidate_ids=list(candidates),
        registration_ids=list(registrations),
    )


def test_invite_emails_each_person_once_in_their_language(
    suggestions, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _invite(
            suggestions,
            organiser,
            candidates=[suggestions.strong.pk],
            registrations=[suggestions.registration.pk],
        )
    assert (len(result.created), result.already_invited) == (2, 0)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {suggestions.strong.email, "rita@example.test"}
    swedish = by_address[suggestions.strong.email]
    assert swedish.subject == "Du är inbjuden att ansöka: IT-resan"
    assert "/trips/it-resan/apply/" in swedish.body
    assert "/unsubscribe/" in swedish.body
    assert swedish.extra_headers["List-Unsubscribe"].startswith("<http")
    english = by_address["rita@example.test"]
    assert english.subject == "You are invited to apply: IT-resan"
    assert "/accounts/signup/candidate/?next=%2Ftrips%2Fit-resan%2Fapply%2F" in english.body
    assert all(i.sent_at for i in TripInvitation.objects.all())
    assert [s.invited_at is not None for s in trip_suggestions(suggestions.trip)] == [
        True,
        False,
        True,
    ]


def test_invite_again_does_not_resend(suggestions, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(suggestions, organiser, candidates=[suggestions.strong.pk])
    with django_capture_on_commit_callbacks(execute=True):
        again = _invite(
            suggestions, organiser, candidates=[suggestions.strong.pk, suggestions.weak.pk]
        )
    assert (len(again.created), again.already_invited) == (1, 1)
    assert [m.to for m in mail.outbox] == [[suggestions.strong.email], [suggestions.weak.email]]
    assert TripInvitation.objects.count() == 2


@pytest.mark.parametrize(
    "who", ["no consent", "unsubscribed", "applied", "other sector", "inactive", "unknown"]
)
def test_invite_refuses_people_who_cannot_be_invited(suggestions, organiser, who):
    person = suggestions.excluded.get(who)
    bad = person.pk if person else 999_999
    with pytest.raises(ValidationFailed) as error:
        _invite(suggestions, organiser, candidates=[suggestions.strong.pk, bad])
    assert error.value.extra["fields"] == {"candidates": [f"Cannot be invited: {bad}."]}
    assert not TripInvitation.objects.exists()


@pytest.mark.parametrize("who", ["unconfirmed", "has a profile", "other sector registration"])
def test_invite_refuses_registrations_that_cannot_be_invited(suggestions, organiser, who):
    bad = suggestions.excluded[who].pk
    with pytest.raises(ValidationFailed) as error:
        _invite(suggestions, organiser, registrations=[bad])
    assert error.value.extra["fields"] == {"registrations": [f"Cannot be invited: {bad}."]}


def test_invite_needs_someone_and_an_open_trip(suggestions, organiser):
    with pytest.raises(ValidationFailed):
        _invite(suggestions, organiser)
    draft = TripFactory(organisation=suggestions.trip.organisation)
    with pytest.raises(DeadlinePassed):
        trip_invitations_create(
            trip=draft, actor=organiser, candidate_ids=[suggestions.strong.pk], registration_ids=[]
        )
    closed = suggestions.trip
    closed.application_deadline = timezone.now() - timedelta(minutes=1)
    closed.save()
    with pytest.raises(DeadlinePassed):
        _invite(suggestions, organiser, candidates=[suggestions.strong.pk])


def test_invitation_not_sent_to_someone_who_applied_meanwhile(
    suggestions, organiser, django_capture_on_commit_callbacks
):
    from candidates.talent import trip_invitation_send

    with django_capture_on_commit_callbacks(execute=False):
        result = _invite(suggestions, organiser, candidates=[suggestions.weak.pk])
    ApplicationFactory(trip=suggestions.trip, candidate=suggestions.weak)
    assert trip_invitation_send(invitation_id=result.created[0].pk) is False
    assert mail.outbox == []
