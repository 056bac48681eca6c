"""Data for the seeding commands: the hand-written demo world and pools for synthetic data.

Pure data, no database access: `trips` (organisations, trips, the IT trip's programme),
`employers` (employers, hiring needs, bookings), `people` (candidates, their applications,
interest registrations) for `seed_demo`; `pools` for `seed_synthetic`.

Everything here is fictional except the two municipalities. Emails use reserved domains
(`.test`, `example.com`), phone numbers PTS's range reserved for fiction (070-174 06 05–99).
"""

DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo password, created only by seed_demo
ORGANISER_EMAIL = "organiser@demo.test"
EMPLOYER_EMAIL = "employer@demo.test"
CANDIDATE_EMAIL = "candidate@demo.test"
COORDINATOR_EMAIL = "coordinator@demo.test"
