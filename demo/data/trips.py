"""The demo world's organisations, with their organisers, and trips (the IT trip's programme
and meetings)."""

from dataclasses import dataclass

from demo.data import CANDIDATE_EMAIL, ORGANISER_EMAIL

# --- Organisations and their organisers -----------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    contact_email: str
    website: str
    organiser_email: str
    organiser_name: str
    # Billing details, printed on the demo's invoices (the bank numbers are made up).
    billing: dict[str, str]


OSTERSUND = OrganisationSpec(
    slug="ostersunds-kommun",
    name="Östersunds kommun",
    contact_email="jamtlandcalling@ostersund.example",
    website="https://www.ostersund.se",
    organiser_email=ORGANISER_EMAIL,
    organiser_name="Maria Sundin",
    billing={
        "org_number": "212000-2411",
        "billing_address": "Rådhusgatan 44\n831 82 Östersund",
        "bankgiro": "5555-1238",
        "vat_number": "SE212000241101",
    },
)
ARE = OrganisationSpec(
    slug="are-kommun",
    name="Åre kommun",
    contact_email="naringsliv@are.example",
    website="https://are.se",
    organiser_email="naringsliv.are@demo.test",
    organiser_name="Per-Olof Jonsson",
    billing={
        "org_number": "212000-2403",
        "billing_address": "Box 201\n830 05 Järpen",
        "bankgiro": "5050-1063",
        "iban": "SE45 5000 0000 0583 9825 7466",
        "bic": "ESSESESS",
        "vat_number": "SE212000240301",
    },
)
ORGANISATIONS = [OSTERSUND, ARE]

# --- Trips -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TripSpec:
    key: str
    slug: str
    organisation: str  # OrganisationSpec.slug
    title: str
    summary: str
    description: str
    sectors: tuple[str, ...]
    base_locations: str
    days_from_now: int  # start date relative to the first seed (negative: in the past)
    deadline_days_before: int
    candidate_capacity: int
    employer_slots: int
    slot_price_ore: int
    international_applicants: bool = False


IT_TRIP = TripSpec(
    key="it",
    slug="it-resan-ostersund-are",
    organisation=OSTERSUND.slug,
    title="IT-resan: kod, fjäll och Storsjön",
    summary=(
        "Två dagar för utvecklare: topptur på Åreskutan, stadsliv i Östersund och fyra "
        "arbetsgivare som vill lära känna dig."
    ),
    description=(
        "Dag 1 – Åre: vi möts vid tåget i Åre och går upp på fjället med guide, lunch vid "
        "vindskyddet och snöskovandring för den som vill. På kvällen middag med arbetsgivarna "
        "i en fjällstuga.\n\n"
        "Dag 2 – Östersund: frukost med utsikt över Storsjön, korta möten med varje "
        "arbetsgivare, stadsvandring med besök på en skola och en förskola, och en visning "
        "av lägenheter och villaområden med kommunens inflyttarkoordinator. Den som har en "
        "partner med sig får träffa vår medflyttarlots.\n\n"
        "Resa, boende och måltider ingår. Du behöver inte ha bestämt dig – kom och se om "
        "Jämtland passar dig."
    ),
    sectors=("it",),
    base_locations="Östersund, Åre",
    days_from_now=42,
    deadline_days_before=14,
    candidate_capacity=10,
    employer_slots=4,
    slot_price_ore=1_500_000,
)
ECONOMISTS_TRIP = TripSpec(
    key="ekonom",
    slug="ekonomresan-ostersund",
    organisation=OSTERSUND.slug,
    title="Ekonomresan: siffror med fjällutsikt",
    summary=(
        "För redovisningskonsulter, controllers och ekonomichefer: skidor på Frösön, "
        "bokslut i Östersund och arbetsgivare som letar efter just dig."
    ),
    description=(
        "Dag 1 – Frösön och Storsjön: längdskidor eller vandring på Frösön (vi har utrustning "
        "att låna), lunch på Östberget och eftermiddag med tre ekonomiavdelningar.\n\n"
        "Dag 2 – Östersund: möten med arbetsgivarna, lunch i stan, visning av skolor och "
        "bostäder och ett samtal med några som flyttat hit de senaste åren."
    ),
    sectors=("ekonomi",),
    base_locations="Östersund, Frösön",
    days_from_now=70,
    deadline_days_before=14,
    candidate_capacity=8,
    employer_slots=4,
    slot_price_ore=1_200_000,
)
CHEFS_TRIP = TripSpec(
    key="kock",
    slug="kockresan-are-ostersund",
    organisation=ARE.slug,
    title="Kockresan: från fjällkrog till Storsjön",
    summary=(
        "Chefs welcome from anywhere: cook with Åre's mountain restaurants, taste Jämtland's "
        "produce and meet employers who help with permits and housing."
    ),
    description=(
        "Dag 1 / Day 1 – Åre: besök hos en fjällkrog och en gårdsmejeri, gemensam matlagning "
        "med lokala råvaror och kvällsservice tillsammans med köket.\n\n"
        "Dag 2 / Day 2 – Östersund: matmarknad, möten med arbetsgivarna, information om "
        "arbetstillstånd, svenska för invandrare och bostäder.\n\n"
        "The programme is bilingual (Swedish and English). Employers on this trip can support "
        "work-permit applications."
    ),
    sectors=("restaurang-kock",),
    base_locations="Åre, Östersund",
    days_from_now=98,
    deadline_days_before=21,
    candidate_capacity=8,
    employer_slots=3,
    slot_price_ore=1_000_000,
    international_applicants=True,
)
PAST_TRIP = TripSpec(
    key="premiar",
    slug="utvecklarresan-premiar",
    organisation=OSTERSUND.slug,
    title="Utvecklarresan: premiären på fjället",
    summary="Den första resan: sju utvecklare, tre arbetsgivare, två dygn i Bydalen och Östersund.",
    description=(
        "Dag 1 – Bydalen: topptur med stegjärn, lunch i snön och kvällsmiddag i fjällstugan.\n\n"
        "Dag 2 – Östersund: möten med arbetsgivarna, stadsvandring och bostadsvisning."
    ),
    sectors=("it",),
    base_locations="Östersund, Bydalen",
    days_from_now=-56,
    deadline_days_before=14,
    candidate_capacity=8,
    employer_slots=4,
    slot_price_ore=1_500_000,
)
FUTURE_TRIPS = [IT_TRIP, ECONOMISTS_TRIP, CHEFS_TRIP]
TRIPS = [*FUTURE_TRIPS, PAST_TRIP]

# The IT trip's programme: (day 0/1, start, end, title, kind, audience, place, latitude,
# longitude, cancelled). Audience "employer" is a visit to Frösö Kod AB.
# fmt: off
PROGRAMME = [
    (0, (8, 30), (9, 0), "Samling vid Åre station", "travel", "everyone",
     "Åre station", "63.398300", "13.081800", False),
    (0, (9, 30), (13, 0), "Topptur på Åreskutan med guide", "activity", "everyone",
     "Åreskutan", "63.433000", "13.086000", False),
    (0, (13, 0), (14, 0), "Lunch vid vindskyddet", "meal", "everyone",
     "Rödkullen", "63.421500", "13.073000", False),
    (0, (14, 30), (16, 0), "Snöskovandring", "activity", "candidates",
     "Åre by", "", "", True),
    (0, (16, 0), (18, 0), "Fika och presentationer med arbetsgivarna", "employer_visit", "everyone",
     "Åre Torg", "63.398900", "13.081200", False),
    (0, (19, 0), (22, 0), "Middag i fjällstuga", "meal", "everyone",
     "Fjällgården", "63.404000", "13.092000", False),
    (0, (22, 0), (23, 30), "Incheckning på hotellet", "accommodation", "everyone",
     "Holiday Club Åre", "63.397500", "13.072800", False),
    (1, (8, 30), (9, 30), "Frukost med utsikt över Storsjön", "meal", "everyone",
     "Östersund, Stortorget", "63.177000", "14.636000", False),
    (1, (9, 30), (12, 0), "Möten med arbetsgivarna", "meetings", "everyone",
     "Campus Östersund", "63.180000", "14.650000", False),
    (1, (9, 0), (9, 30), "Arbetsgivarnas förberedelse", "activity", "employers",
     "Campus Östersund", "", "", False),
    (1, (12, 0), (13, 0), "Lunch", "meal", "everyone",
     "Jazzköket", "", "", False),
    (1, (13, 0), (15, 0), "Stadsvandring med skola och förskola", "activity", "candidates",
     "Östersund centrum", "", "", False),
    (1, (13, 0), (14, 30), "Besök hos Frösö Kod AB", "employer_visit", "employer",
     "Frösön", "63.183000", "14.560000", False),
    (1, (15, 0), (16, 30), "Bostadsvisning med inflyttarkoordinatorn", "activity", "candidates",
     "Lugnvik", "", "", False),
    (1, (16, 30), (17, 0), "Hemresa från Östersund C", "travel", "everyone",
     "Östersund C", "63.171900", "14.640600", False),
]
# fmt: on

# The IT trip's meetings ("Möten med arbetsgivarna" above is the meeting block, 09:30–12:00:
# six slots of 20 minutes with 5-minute breaks). Tables per employer key (default 1), then
# wishes by candidate email: the employer's (must/want/no) and the candidate's. The schedule
# is computed from them; "no" always wins, so Ahmed Yusuf's wish to meet Frösö Kod is unmet.
MEETING_TABLES = {"frosokod": 2}
EMPLOYER_WISHES = [  # (employer key, candidate email, level)
    ("frosokod", CANDIDATE_EMAIL, "must"),
    ("frosokod", "erik.johansson@example.com", "want"),
    ("frosokod", "maryam.hassan@example.com", "want"),
    ("frosokod", "ahmed.yusuf@example.com", "no"),
]
CANDIDATE_WISHES = [  # (candidate email, employer key, level)
    (CANDIDATE_EMAIL, "frosokod", "must"),
    ("maryam.hassan@example.com", "frosokod", "must"),
    ("ahmed.yusuf@example.com", "frosokod", "want"),
]
