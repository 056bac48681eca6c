from django.db.models import Count

from candidates.models import Application, Candidate, InterestRegistration
from demo.data import (
    CANDIDATE_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    EMPLOYER_EMAIL,
    ORGANISER_EMAIL,
)
from demo.data.employers import EMPLOYERS
from demo.data.people import CANDIDATES
from demo.data.trips import OSTERSUND
from employers.models import Employer, HiringNeed, SlotBooking
from events.models import Organisation, Trip
from followup.models import CaseTask, FollowUpCase
from itineraries.models import Meeting, MeetingPreference, MeetingStatus


def demo_summary_lines() -> list[str]:
    """What `seed_demo` prints after seeding: the rows there are now, and the demo logins."""

    def by_status(qs) -> str:
        rows = qs.values("status").annotate(n=Count("id")).order_by("status")
        return ", ".join(f"{row['status']} {row['n']}" for row in rows)

    approved = Employer.objects.filter(approved_at__isnull=False).count()
    confirmed = InterestRegistration.objects.filter(confirmed_at__isnull=False).count()
    lines = [
        f"  Organisations:  {Organisation.objects.count()}",
        f"  Trips:          {by_status(Trip.objects)}",
        f"  Employers:      {Employer.objects.count()} ({approved} approved), "
        f"{HiringNeed.objects.count()} hiring needs",
        f"  Candidates:     {Candidate.objects.count()}",
        f"  Applications:   {by_status(Application.objects)}",
        f"  Bookings:       {by_status(SlotBooking.objects)}",
        f"  Interest:       {InterestRegistration.objects.count()} ({confirmed} confirmed)",
        f"  Meetings:       {Meeting.objects.filter(status=MeetingStatus.SCHEDULED).count()} "
        f"scheduled, {MeetingPreference.objects.count()} wishes",
        f"  Follow-up:      {FollowUpCase.objects.count()} cases, "
        f"{CaseTask.objects.filter(done_at=None).count()} open tasks",
        "",
        f'Demo logins (password "{DEMO_PASSWORD}"):',
    ]
    logins = [
        (f"organiser ({OSTERSUND.name})", ORGANISER_EMAIL),
        (f"employer ({EMPLOYERS[0].name})", EMPLOYER_EMAIL),
        (f"candidate ({CANDIDATES[0].name})", CANDIDATE_EMAIL),
        (f"relocation coordinator ({OSTERSUND.name})", COORDINATOR_EMAIL),
    ]
    width = max(len(role) for role, _ in logins)
    lines.append(f"  {'role'.ljust(width)}  email")
    lines.extend(f"  {role.ljust(width)}  {email}" for role, email in logins)
    return lines
