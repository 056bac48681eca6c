from datetime import datetime, timedelta

from django.utils import timezone

from candidates.models import (
    CONSENT_TEXT_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
)
from core.models import User
from demo.data.people import DIETARY
from demo.data.pools import (
    ABROAD,
    EU,
    LANGUAGE_SETS,
    PARTNER_OCCUPATIONS,
    SECTOR_POOLS,
    SWEDISH_CITIES,
    SWEDISH_CITY_WEIGHTS,
)
from demo.synthetic.run import SyntheticRun, between, weighted
from demo.synthetic.trips import PLACE_TAKING, TripInfo
from events.models import TripStatus

A = ApplicationStatus
S = TripStatus
# Final application status weights by the trip's state.
APPLICATION_WEIGHTS = {
    S.PUBLISHED: {
        A.SUBMITTED: 40,
        A.SHORTLISTED: 15,
        A.ACCEPTED: 10,
        A.WAITLISTED: 8,
        A.DECLINED: 20,
        A.WITHDRAWN: 7,
    },
    S.CLOSED: {A.SHORTLISTED: 5, A.ACCEPTED: 25, A.WAITLISTED: 15, A.DECLINED: 45, A.WITHDRAWN: 10},
    S.COMPLETED: {A.ATTENDED: 30, A.NO_SHOW: 4, A.WAITLISTED: 13, A.DECLINED: 45, A.WITHDRAWN: 8},
}


def candidates_generate(run: SyntheticRun, count: int, trips: list[TripInfo]) -> tuple[None, int]:
    """`count` candidates with sectors, consents and applications to the open `trips`."""
    open_trips = [t for t in trips if t.status in APPLICATION_WEIGHTS and t.published_at]
    by_sector: dict[int, list[TripInfo]] = {}
    for trip in open_trips:
        for sid in trip.sector_ids:
            by_sector.setdefault(sid, []).append(trip)
    rows = 0
    with run.bar(count, "candidates") as bar, run.background_writes():
        for start in range(0, count, run.batch):
            size = min(run.batch, count - start)
            with run.batch_transaction():
                rows += _candidate_batch(run, start, size, open_trips, by_sector)
            bar.update(size)
    return None, rows


def _candidate_batch(run: SyntheticRun, start: int, size: int, open_trips, by_sector) -> int:
    rng, now = run.rng, run.now
    today = timezone.localdate(now)
    users, candidates, sector_sets, plans, shares = [], [], [], [], []
    for n in range(start + 1, start + size + 1):
        name, ascii_name, international = run.person()
        codes = run.pick_sector_codes()
        sids = [run.sectors[c] for c in codes]
        abroad = rng.random() < (0.5 if "restaurang-kock" in codes else 0.05)
        if abroad:
            city, country = rng.choice(ABROAD)
            permit = "citizen" if country in EU else "needs_permit"
        else:
            city = rng.choices(SWEDISH_CITIES, SWEDISH_CITY_WEIGHTS)[0]
            country = "Sverige"
            if international:
                permit = rng.choices(
                    ["temporary", "permanent", "citizen", ""], weights=[45, 30, 15, 10]
                )[0]
            else:
                permit = "citizen" if rng.random() < 0.4 else ""
        # Applications first: the profile must predate them.
        chosen = _choose_trips(run, sids, open_trips, by_sector)
        applications = []
        for trip in chosen:
            submitted = between(rng, trip.published_at, min(trip.deadline, now))
            applications.append((trip, submitted))
        created_at = now - timedelta(days=rng.uniform(1, 730))
        if applications:
            created_at = min(created_at, *(t - timedelta(hours=1) for _, t in applications))
        pool = SECTOR_POOLS[codes[0]]
        share = rng.random() < 0.7
        partner = rng.choice(PARTNER_OCCUPATIONS) if rng.random() < 0.45 else ""
        children = (
            sorted(rng.randint(0, 17) for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.35
            else []
        )
        user = run.user_row(
            ascii_name,
            n,
            name,
            created_at,
            "en" if abroad or (international and rng.random() < 0.5) else "sv",
        )
        users.append(user)
        # Rows as dicts, not model instances: run.insert writes them (COPY on PostgreSQL).
        candidates.append(
            {
                "user_id": None,  # once the users are written
                "name": name,
                "email": user["email"],
                "phone": f"070-174 06 {rng.randint(5, 99):02d}" if rng.random() < 0.3 else "",
                "city": city,
                "country": country,
                "headline": rng.choice(pool["headlines"]),
                "years_experience": int(rng.triangular(0, 30, 5)),
                "skills": rng.sample(pool["skills"], rng.randint(2, 4)),
                "languages": list(rng.choice(LANGUAGE_SETS)),
                "earliest_move_date": today + timedelta(days=rng.randint(30, 365))
                if rng.random() < 0.7
                else None,
                "partner_needs_job": bool(partner) and rng.random() < 0.6,
                "partner_occupation": partner,
                "children_ages": children,
                "residence_permit_status": permit,
                "residence_permit_consent_at": created_at if permit else None,
                "consent_talent_db_at": created_at,
                "consent_talent_db_version": CONSENT_TEXT_VERSION,
                "consent_share_household_at": created_at if share and rng.random() < 0.4 else None,
                "consent_share_contact_at": created_at if share and rng.random() < 0.6 else None,
                "created_at": created_at,
            }
        )
        sector_sets.append(sids)
        plans.append(applications)
        shares.append(share)

    user_ids = run.insert(User, users, ids=True)
    for user_id, candidate in zip(user_ids, candidates, strict=True):
        candidate["user_id"] = user_id
    candidate_ids = run.insert(Candidate, candidates, ids=True)
    links = run.insert_sectors(Candidate, candidate_ids, sector_sets)

    apps, histories = [], []
    rows = zip(candidates, candidate_ids, user_ids, plans, shares, strict=True)
    for candidate, candidate_id, user_id, applications, share in rows:
        for trip, submitted in applications:
            final, steps = _application_path(run, trip, submitted, user_id)
            # Sharing with a trip's employers is asked per trip, once shortlisted or accepted.
            shared = share and final in (A.SHORTLISTED, A.ACCEPTED, A.ATTENDED)
            apps.append(
                {
                    "candidate_id": candidate_id,
                    "trip_id": trip.id,
                    "motivation": "Jag vill flytta till Jämtland och jobba nära fjällen.",
                    "travelling_from": f"{candidate['city']}, {candidate['country']}",
                    "dietary_needs": rng.choice(DIETARY),
                    "status": str(final),
                    "created_at": submitted,
                    "share_consent_at": submitted if shared else None,
                    "share_consent_version": CONSENT_TEXT_VERSION if shared else "",
                }
            )
            histories.append(steps)
    app_ids = run.insert(Application, apps, ids=True)
    changes = [
        {
            "application_id": app_id,
            "from_status": str(a),
            "to_status": str(b),
            "actor_id": actor,
            "created_at": t,
        }
        for app_id, steps in zip(app_ids, histories, strict=True)
        for a, b, t, actor in steps
    ]
    run.insert(ApplicationStatusChange, changes)
    return len(users) + len(candidates) + links + len(apps) + len(changes)


def _choose_trips(run: SyntheticRun, sids, open_trips, by_sector) -> list[TripInfo]:
    if not open_trips:
        return []
    k = run.rng.choices([0, 1, 2, 3], weights=[35, 40, 18, 7])[0]
    if k == 0:
        return []
    matching = {t.id: t for sid in sids for t in by_sector.get(sid, [])}
    pool = list(matching.values()) or open_trips
    chosen = run.rng.sample(pool, min(k, len(pool)))
    return [t for t in chosen if min(t.deadline, run.now) > t.published_at]


def _application_path(run: SyntheticRun, trip: TripInfo, submitted: datetime, user_id: int):
    """The final status and its history: (from, to, when, actor) rows from the table."""
    rng = run.rng
    final = weighted(rng, APPLICATION_WEIGHTS[trip.status])
    if final in PLACE_TAKING:
        if trip.used >= trip.capacity:
            final = A.DECLINED if trip.status == S.COMPLETED else A.WAITLISTED
        else:
            trip.used += 1
    if final == A.SUBMITTED:
        path = []
    elif final == A.SHORTLISTED:
        path = [A.SHORTLISTED]
    elif final in (A.ACCEPTED, A.WAITLISTED, A.DECLINED, A.WITHDRAWN):
        path = ([A.SHORTLISTED] if rng.random() < 0.4 else []) + [final]
    else:  # attended or no-show, after being accepted
        path = ([A.SHORTLISTED] if rng.random() < 0.4 else []) + [A.ACCEPTED, final]
    limit = min(run.now, trip.decided_by) if trip.status != S.PUBLISHED else run.now
    steps = [("", A.SUBMITTED, submitted, user_id)]
    previous, at = A.SUBMITTED, submitted
    for step in path:
        if step in (A.ATTENDED, A.NO_SHOW):
            at = trip.starts_at + timedelta(hours=2)
        else:
            at = between(rng, at, min(at + timedelta(days=14), max(limit, at)))
        actor = user_id if step == A.WITHDRAWN else trip.actor_id
        steps.append((previous, step, at, actor))
        previous = step
    return final, steps
