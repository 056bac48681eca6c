"""Every organiser page, in the URL namespace "manage": below /manage/, and the pack audit
next to the pack it audits."""

from django.urls import path

from .views import (
    access_log,
    applicants,
    bookings,
    employers,
    meeting_schedules,
    meeting_wishes,
    meetings,
    organisation,
    packs,
    personal_data,
    programme,
    retention,
    suggestions,
    talent,
    trip_messages,
    trips,
)

app_name = "manage"

M = "manage/"
TRIP = f"{M}trips/<slug:slug>/"
PROGRAMME = f"{TRIP}programme/"
MEETINGS = f"{TRIP}meetings/"
# Not "slug": the trip pages are the ones with a slug (tests/web/backoffice/test_access.py).
ORG = f"{M}organisations/<slug:org>/"

urlpatterns = [
    path("me/data/export/", personal_data.my_data_export, name="my_data_export"),
    path("me/data/erase/", personal_data.my_data_erase, name="my_data_erase"),
    path("me/data/erased/", personal_data.my_data_erased, name="my_data_erased"),
    # Trips
    path(f"{M}", trips.trip_list, name="trip_list"),
    path(f"{M}trips/new/", trips.trip_create_view, name="trip_create"),
    path(TRIP, trips.trip_edit, name="trip_edit"),
    path(f"{TRIP}status/", trips.trip_transition_view, name="trip_transition"),
    path(f"{TRIP}copy/", trips.trip_copy_view, name="trip_copy"),
    # A trip's applicants
    path(f"{TRIP}applicants/", applicants.applicant_list, name="applicant_list"),
    path(f"{TRIP}applicants/bulk/", applicants.applicant_bulk, name="applicant_bulk"),
    path(f"{TRIP}applicants.csv", applicants.applicants_csv, name="applicants_csv"),
    path(f"{TRIP}applicants/<int:pk>/", applicants.applicant_detail, name="applicant_detail"),
    path(
        f"{TRIP}applicants/<int:pk>/status/",
        applicants.applicant_transition,
        name="applicant_transition",
    ),
    path(f"{TRIP}applicants/<int:pk>/notes/", applicants.applicant_note, name="applicant_note"),
    path(
        f"{TRIP}applicants/<int:pk>/consents/",
        applicants.applicant_consent,
        name="applicant_consent",
    ),
    path(
        f"{TRIP}applicants/<int:pk>/practical/",
        applicants.applicant_practical,
        name="applicant_practical",
    ),
    # People of the talent database to invite to a trip
    path(f"{TRIP}suggestions/", suggestions.suggestion_list, name="trip_suggestions"),
    path(
        f"{TRIP}suggestions/invite/",
        suggestions.suggestion_invite,
        name="trip_suggestion_invite",
    ),
    # Searching the talent database
    path(f"{M}talent/", talent.talent_search_view, name="talent_search"),
    # A trip's programme
    path(PROGRAMME, programme.programme_editor, name="programme_editor"),
    path(f"{TRIP}itineraries.pdf", programme.itineraries_pdf, name="trip_itineraries_pdf"),
    path(f"{PROGRAMME}add/", programme.programme_item_add, name="programme_item_add"),
    path(f"{PROGRAMME}copy/", programme.programme_copy, name="programme_copy"),
    path(f"{PROGRAMME}<int:item_id>/", programme.programme_item_edit, name="programme_item_edit"),
    path(
        f"{PROGRAMME}<int:item_id>/duplicate/",
        programme.programme_item_duplicate,
        name="programme_item_duplicate",
    ),
    path(
        f"{PROGRAMME}<int:item_id>/cancel/",
        programme.programme_item_cancel,
        name="programme_item_cancel",
    ),
    path(
        f"{PROGRAMME}<int:item_id>/delete/",
        programme.programme_item_delete,
        name="programme_item_delete",
    ),
    # Who wants to meet whom on a trip (both sides' wishes, organisers' overrides)
    path(
        f"{TRIP}meetings/wishes/",
        meeting_wishes.trip_meeting_wishes,
        name="trip_meeting_wishes",
    ),
    # A trip's meetings: settings, the automatic schedule, the grid
    path(MEETINGS, meetings.trip_meetings, name="trip_meetings"),
    path(f"{MEETINGS}schedule/", meetings.meetings_schedule, name="trip_meetings_schedule"),
    path(f"{MEETINGS}publish/", meetings.meetings_publish, name="trip_meetings_publish"),
    path(f"{MEETINGS}add/", meetings.meeting_add, name="trip_meeting_add"),
    path(f"{MEETINGS}<int:meeting_id>/move/", meetings.meeting_move_view, name="trip_meeting_move"),
    path(f"{MEETINGS}<int:meeting_id>/lock/", meetings.meeting_lock, name="trip_meeting_lock"),
    path(
        f"{MEETINGS}<int:meeting_id>/cancel/",
        meetings.meeting_cancel_view,
        name="trip_meeting_cancel",
    ),
    path(
        f"{MEETINGS}<int:meeting_id>/attendance/",
        meetings.meeting_attendance,
        name="trip_meeting_attendance",
    ),
    # A trip's messages to its applicants and employers
    path(f"{TRIP}messages/", trip_messages.message_list, name="message_list"),
    path(f"{TRIP}messages/new/", trip_messages.message_compose, name="message_compose"),
    path(f"{TRIP}messages/<int:pk>/", trip_messages.message_preview, name="message_preview"),
    path(f"{TRIP}messages/<int:pk>/edit/", trip_messages.message_compose, name="message_edit"),
    # Printable meeting schedules of a trip's employers and candidates
    path(
        f"{TRIP}meetings/<slug:employer_slug>.pdf",
        meeting_schedules.employer_meetings_pdf,
        name="employer_meetings_pdf",
    ),
    path(
        f"{TRIP}meetings/candidates/<int:application_id>.pdf",
        meeting_schedules.candidate_meetings_pdf,
        name="candidate_meetings_pdf",
    ),
    # A trip's bookings, and bookings across trips
    path(f"{TRIP}bookings/", bookings.trip_bookings, name="trip_bookings"),
    path(
        f"{M}bookings/<int:pk>/mark-paid/",
        bookings.booking_mark_paid_view,
        name="booking_mark_paid",
    ),
    path(f"{M}bookings/<int:pk>/cancel/", bookings.booking_cancel_view, name="booking_cancel"),
    path(
        f"{M}bookings/<int:pk>/refund-done/",
        bookings.booking_refund_done,
        name="booking_refund_done",
    ),
    path(f"{M}refunds/", bookings.refunds, name="refunds"),
    path(f"{M}revenue/", bookings.revenue, name="revenue"),
    # Employers
    path(f"{M}employers/", employers.employer_list, name="employer_list"),
    path(f"{M}employers/<int:pk>/approve/", employers.employer_approve, name="employer_approve"),
    path(f"{M}hiring-needs/", employers.hiring_needs, name="hiring_needs"),
    # Superusers: every organisation, and creating one (before ORG, which would take "new")
    path(f"{M}organisations/", organisation.organisation_list, name="organisation_list"),
    path(
        f"{M}organisations/new/",
        organisation.organisation_create_view,
        name="organisation_create",
    ),
    # The organisation: details, logo, organisers
    path(f"{M}organisation/", organisation.organisation_home, name="organisation"),
    path(ORG, organisation.organisation_settings, name="organisation_settings"),
    path(f"{ORG}logo/", organisation.organisation_logo_upload, name="organisation_logo_upload"),
    path(f"{ORG}organisers/", organisation.organisers, name="organisers"),
    path(
        f"{ORG}candidates/<int:candidate_id>/erase/",
        personal_data.candidate_erase,
        name="candidate_erase",
    ),
    path(
        f"{ORG}organisers/<int:pk>/remove/",
        organisation.organiser_remove_view,
        name="organiser_remove",
    ),
    path(
        f"{ORG}invitations/<int:pk>/revoke/",
        organisation.organiser_invitation_revoke_view,
        name="organiser_invitation_revoke",
    ),
    # Relocation coordinators (issue 13.1), on the organisers page
    path(
        f"{ORG}coordinators/invite/",
        organisation.coordinator_invite_view,
        name="coordinator_invite",
    ),
    path(
        f"{ORG}coordinators/<int:pk>/remove/",
        organisation.coordinator_remove_view,
        name="coordinator_remove",
    ),
    path(
        f"{ORG}coordinators/invitations/<int:pk>/withdraw/",
        organisation.coordinator_invitation_revoke_view,
        name="coordinator_invitation_revoke",
    ),
    # The organisation's billing details (its other details have their own page)
    path(
        f"{M}organisation/billing/",
        organisation.organisation_billing,
        name="organisation_billing",
    ),
    # Retention (issue 14.4) and the record of processing (GDPR art. 30)
    path(
        f"{M}organisation/retention/",
        retention.retention_settings,
        name="organisation_retention",
    ),
    path(f"{M}privacy/processing/", retention.processing_record_page, name="processing_record"),
    # Who looked at candidates' data (issue 14.5): per trip and per applicant
    path(f"{TRIP}access-log/", access_log.trip_access_log, name="trip_access_log"),
    path(
        f"{TRIP}applicants/<int:pk>/access-log/",
        access_log.applicant_access_log,
        name="applicant_access_log",
    ),
    # The packs' audit (organisers only) sits next to the pack itself.
    path("trips/<slug:slug>/pack/views/", packs.pack_views_audit, name="pack_views"),
]
