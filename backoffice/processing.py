"""The record of processing activities (GDPR art. 30), per purpose: what the platform
processes, about whom, on which legal basis, who receives it, how long it is kept (from the
organisation's retention policy), where it is stored and how it is protected. Read-only,
shown at /manage/privacy/processing/. Keep it true when a model or a retention rule changes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import RetentionPolicy


@dataclass(frozen=True)
class Purpose:
    key: str
    name: str
    categories: str
    subjects: str
    legal_basis: str
    recipients: str
    retention: str
    storage: str
    safeguards: str


def _months(n: int) -> str:
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


def _days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def processing_record(policy: RetentionPolicy) -> list[Purpose]:
    """The purposes, in the reader's language, with the periods of `policy`."""
    database = _("The platform's database (PostgreSQL) on the servers that host this installation.")
    files = _(
        "The platform's database (PostgreSQL) and its private file storage (CVs, PDFs), "
        "never served without a permission check."
    )
    months = {
        "applications": _months(policy.application_months),
        "accounts": _months(policy.inactive_account_months),
        "grace": _days(policy.inactive_grace_days),
        "notes": _months(policy.employer_notes_months),
        "audit": _months(policy.audit_months),
        "registrations": _days(policy.unconfirmed_registration_days),
    }
    accounts_rule = (
        _(
            "Candidate accounts with no login, application or profile change for %(accounts)s "
            "get a reminder email and are erased %(grace)s later unless the person logs in."
        )
        % months
    )
    return [
        Purpose(
            key="talent_db",
            name=_("Talent database and trip alerts"),
            categories=_(
                "Name, email, phone, city and country, sectors, headline, skills, years of "
                "experience, languages, earliest move date, CV; interest registrations (email, "
                "name, city, sectors); consents and their history."
            ),
            subjects=_(
                "People interested in working and living in Jämtland (candidates and people "
                "who registered their interest)."
            ),
            legal_basis=_(
                "Consent (art. 6.1 a), given per purpose, with double opt-in for registrations; "
                "withdrawable at any time. Talent-database consent lapses unless renewed every "
                "24 months."
            ),
            recipients=_(
                "Organisers of the organisations using the platform. Employers see nothing "
                "from the talent database."
            ),
            retention=" ".join(
                [
                    _("Unconfirmed interest registrations: deleted after %(registrations)s.")
                    % months,
                    accounts_rule,
                ]
            ),
            storage=files,
            safeguards=_(
                "Each consent is recorded with its text version, time and channel; every "
                "access to a candidate's data is logged; the person can export or erase "
                "everything themselves."
            ),
        ),
        Purpose(
            key="applications",
            name=_("Trip applications and participation"),
            categories=_(
                "Applications (motivation, travelling from, dietary and accessibility needs), "
                "their status and its history, practical information (travel, accommodation, "
                "room sharing), meetings and attendance, organisers' internal notes."
            ),
            subjects=_("Candidates who apply to a trip."),
            legal_basis=_(
                "Steps taken at the person's request to take part in the trip (art. 6.1 b); "
                "dietary and accessibility needs, which may reveal health, only as the person "
                "gives them (explicit consent, art. 9.2 a)."
            ),
            recipients=_(
                "The organisers of the trip's organisation; employers only through the "
                "candidate pack (next purpose)."
            ),
            retention=_(
                "Anonymised %(applications)s after the trip ended: every free-text field "
                "blanked, internal notes and cached pack and itinerary PDFs deleted; status "
                "and dates kept for statistics."
            )
            % months,
            storage=files,
            safeguards=_(
                "Only the trip's organisers open its applicants (others get “not found”); "
                "views, CV downloads and CSV exports are logged."
            ),
        ),
        Purpose(
            key="sharing",
            name=_("Sharing with employers (candidate packs)"),
            categories=_(
                "The pack's profile (name, headline, skills, experience, languages, CV, "
                "motivation; contact and household details only with their own consents), "
                "employers' private notes and meeting wishes, meeting outcomes."
            ),
            subjects=_("Accepted candidates who agreed to share with that trip's employers."),
            legal_basis=_(
                "Consent per trip (art. 6.1 a), asked when the place is accepted; withdrawing "
                "removes the person from the packs at once."
            ),
            recipients=_("Members of the employers with a confirmed booking on that trip."),
            retention=_(
                "Employers' notes and meeting wishes: deleted %(notes)s after the trip. Packs "
                "are deleted with the applications (%(applications)s after the trip)."
            )
            % months,
            storage=files,
            safeguards=_(
                "Packs only for the trip's booked employers; every pack view (web and PDF) is "
                "logged and shown to organisers and, in their export, to the candidate."
            ),
        ),
        Purpose(
            key="household",
            name=_("Household and residence-permit details"),
            categories=_(
                "Partner's occupation and job search, children's ages, residence-permit "
                "status; in follow-up cases the partner, children's school needs and housing "
                "needs."
            ),
            subjects=_("Candidates and the members of their household."),
            legal_basis=_(
                "Consent (art. 6.1 a), separate for household details and for the "
                "residence-permit status."
            ),
            recipients=_(
                "Organisers and relocation coordinators of the organisation; employers only "
                "with the person's household consent."
            ),
            retention=" ".join(
                [
                    _(
                        "With the profile: removed from packs and exports when the consent is "
                        "withdrawn, erased with the account."
                    ),
                    accounts_rule,
                ]
            ),
            storage=database,
            safeguards=_(
                "A residence-permit status cannot be stored without its consent (database "
                "constraint); funders' reports show counts only, never people."
            ),
        ),
        Purpose(
            key="followup",
            name=_("Follow-up after the trip"),
            categories=_(
                "Follow-up cases (name, contact details, household, housing, stage, tasks, "
                "contact log, coordinators' internal notes), job tips, meeting outcomes, "
                "feedback on the trip."
            ),
            subjects=_(
                "People who attended a trip or got in touch about moving, and their "
                "households; employers' members who give feedback."
            ),
            legal_basis=_(
                "The organisation's task of helping people settle and find work (art. 6.1 e, "
                "or consent, art. 6.1 a, as the organisation decides)."
            ),
            recipients=_("The organisation's relocation coordinators and organisers."),
            retention=_(
                "Kept while the case is open; erased with the person on request. Feedback "
                "comments are blanked with the applications (%(applications)s after the "
                "trip)."
            )
            % months,
            storage=database,
            safeguards=_(
                "Coordinators see only their organisation's cases (others get “not found”); "
                "opening a case is logged."
            ),
        ),
        Purpose(
            key="bookings",
            name=_("Bookings and invoices"),
            categories=_(
                "Employers' members and contact persons (name, email, phone), their team on "
                "site, slot bookings, invoices and credit notes, payment references (never "
                "card numbers)."
            ),
            subjects=_("Employers' members and contact persons."),
            legal_basis=_(
                "Contract (art. 6.1 b); invoices and their bookings under the Swedish "
                "Accounting Act (legal obligation, art. 6.1 c)."
            ),
            recipients=_("The organisation's organisers; Stripe (card payments, as processor)."),
            retention=_(
                "Invoices and bookings: 7 years (Accounting Act), kept without the person "
                "when a person is erased."
            ),
            storage=files,
            safeguards=_(
                "Card payments are made on Stripe's pages; invoices are numbered without gaps "
                "and keep the details they were issued with."
            ),
        ),
        Purpose(
            key="audit",
            name=_("Audit of access to candidate data"),
            categories=_(
                "Who (user, employer, organisation) opened which candidate's data, how "
                "(page or API operation) and when; pack views. Never the data itself."
            ),
            subjects=_("Candidates, and the users who accessed their data."),
            legal_basis=_(
                "Legal obligation to show who processed the data (art. 5.2 and 32 GDPR; "
                "art. 6.1 c)."
            ),
            recipients=_(
                "The organisation's organisers; each candidate sees their own in their export."
            ),
            retention=_("Deleted after %(audit)s.") % months,
            storage=database,
            safeguards=_("Written by the platform only; nobody can edit an entry."),
        ),
        Purpose(
            key="accounts",
            name=_("Accounts and security"),
            categories=_(
                "Email, name, language, password hash, last login, sessions, API token "
                "hashes, two-factor secrets and recovery codes, failed login attempts "
                "(account, address, time)."
            ),
            subjects=_("Everyone with an account: candidates, employers' members, organisers."),
            legal_basis=_(
                "Necessary to provide the service (art. 6.1 b); protection against misuse "
                "(legitimate interest, art. 6.1 f)."
            ),
            recipients=_("Nobody outside the platform; email is sent through the mail server."),
            retention=" ".join(
                [accounts_rule, _("Other accounts: until erased on request or by an organiser.")]
            ),
            storage=database,
            safeguards=_(
                "Passwords only as salted hashes; lockout after repeated failed logins; "
                "two-factor authentication required for organisers and coordinators; "
                "personal pages are never cached."
            ),
        ),
    ]
