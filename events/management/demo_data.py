"""Data for the seeding commands: the hand-written demo world and pools for synthetic data.

Everything here is fictional except the two municipalities. Emails use reserved domains
(`.test`, `example.com`), phone numbers PTS's range reserved for fiction (070-174 06 05–99).
"""

from dataclasses import dataclass, field

from employers.validators import luhn_valid

DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo password, created only by seed_demo
ORGANISER_EMAIL = "organiser@demo.test"
EMPLOYER_EMAIL = "employer@demo.test"
CANDIDATE_EMAIL = "candidate@demo.test"


def org_number_for(body: str) -> str:
    """NNNNNN-NNNN for a nine-digit body plus its Luhn check digit."""
    check = next(d for d in range(10) if luhn_valid(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def luhn_check_digit(body: str) -> int:
    """The check digit for nine digits (same weights as `employers.validators.luhn_valid`)."""
    total = 0
    for index, char in enumerate(body):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


# --- Organisations and their organisers -----------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    contact_email: str
    website: str
    organiser_email: str
    organiser_name: str


OSTERSUND = OrganisationSpec(
    slug="ostersunds-kommun",
    name="Östersunds kommun",
    contact_email="jamtlandcalling@ostersund.example",
    website="https://www.ostersund.se",
    organiser_email=ORGANISER_EMAIL,
    organiser_name="Maria Sundin",
)
ARE = OrganisationSpec(
    slug="are-kommun",
    name="Åre kommun",
    contact_email="naringsliv@are.example",
    website="https://are.se",
    organiser_email="naringsliv.are@demo.test",
    organiser_name="Per-Olof Jonsson",
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

# --- Employers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HiringNeedSpec:
    role_title: str
    sector: str
    positions: int = 1
    employment_type: str = "permanent"
    description: str = ""


@dataclass(frozen=True)
class EmployerSpec:
    key: str
    name: str
    org_body: str  # nine digits; the check digit is computed
    organisation: str
    sectors: tuple[str, ...]
    description: str
    website: str
    member_email: str
    member_name: str
    approved: bool
    hiring_needs: tuple[HiringNeedSpec, ...] = field(default_factory=tuple)

    @property
    def org_number(self) -> str:
        return org_number_for(self.org_body)


EMPLOYERS = [
    EmployerSpec(
        key="frosokod",
        name="Frösö Kod AB",
        org_body="559104381",
        organisation=OSTERSUND.slug,
        sectors=("it",),
        description=(
            "Konsultbolag med 40 utvecklare som bygger digitala tjänster åt vård, skog och "
            "besöksnäring. Kontor vid Stortorget och fredagsfika på Frösön."
        ),
        website="https://frosokod.example",
        member_email=EMPLOYER_EMAIL,
        member_name="Johan Berglund",
        approved=True,
        hiring_needs=(
            HiringNeedSpec("Backendutvecklare (Python)", "it", 2),
            HiringNeedSpec("Tech lead", "it", 1),
            HiringNeedSpec("Testautomatiserare", "it", 1, "fixed_term", "Vikariat 12 månader."),
        ),
    ),
    EmployerSpec(
        key="fjallmolnet",
        name="Fjällmolnet AB",
        org_body="559213467",
        organisation=OSTERSUND.slug,
        sectors=("it",),
        description=(
            "Produktbolag med en bokningsplattform för skidanläggningar och stugbyar i hela "
            "Norden. Distansvänligt, men vi ses på kontoret i Östersund två dagar i veckan."
        ),
        website="https://fjallmolnet.example",
        member_email="rekrytering@fjallmolnet.example",
        member_name="Ida Wallin",
        approved=True,
        hiring_needs=(
            HiringNeedSpec("Fullstackutvecklare", "it", 2),
            HiringNeedSpec("DevOps-ingenjör", "it", 1),
        ),
    ),
    EmployerSpec(
        key="storsjoenergi",
        name="Storsjö Energi AB",
        org_body="556720195",
        organisation=OSTERSUND.slug,
        sectors=("ingenjor-industri", "it", "ekonomi"),
        description=(
            "Regionalt energibolag: vattenkraft, elnät, fjärrvärme och fiber i Jämtland. "
            "Vi behöver ingenjörer, utvecklare och ekonomer för omställningen."
        ),
        website="https://storsjoenergi.example",
        member_email="hr@storsjoenergi.example",
        member_name="Anna Olsson",
        approved=True,
        hiring_needs=(
            HiringNeedSpec("Elkraftingenjör", "ingenjor-industri", 3),
            HiringNeedSpec("Systemutvecklare, driftsystem", "it", 2),
            HiringNeedSpec("Controller", "ekonomi", 1),
        ),
    ),
    EmployerSpec(
        key="revisionsbyran",
        name="Revisionsbyrån Mittnorr AB",
        org_body="556883012",
        organisation=OSTERSUND.slug,
        sectors=("ekonomi",),
        description=(
            "Revision och redovisning för småföretag i Jämtland och Härjedalen. Tolv "
            "medarbetare, flexibla tider och säsongskort i Åre."
        ),
        website="https://revisionsbyranmittnorr.example",
        member_email="kontakt@revisionsbyranmittnorr.example",
        member_name="Lars Hammarström",
        approved=True,
        hiring_needs=(
            HiringNeedSpec("Redovisningskonsult", "ekonomi", 2),
            HiringNeedSpec("Revisorsassistent", "ekonomi", 1),
        ),
    ),
    EmployerSpec(
        key="ekonomipartner",
        name="Storsjöbygdens Ekonomipartner AB",
        org_body="559330742",
        organisation=OSTERSUND.slug,
        sectors=("ekonomi",),
        description="Löner, bokföring och rådgivning för lantbruk och besöksnäring.",
        website="https://ekonomipartner.example",
        member_email="info@ekonomipartner.example",
        member_name="Kerstin Ljung",
        approved=False,
        hiring_needs=(HiringNeedSpec("Lönekonsult", "ekonomi", 1),),
    ),
    EmployerSpec(
        key="arefjallkrog",
        name="Åre Fjällkrog AB",
        org_body="556941238",
        organisation=ARE.slug,
        sectors=("restaurang-kock",),
        description=(
            "Fjällkrog vid liftsystemet med 120 platser och catering året runt. Vi lagar mat "
            "på jämtländska råvaror och hjälper nyanställda med boende."
        ),
        website="https://arefjallkrog.example",
        member_email="kok@arefjallkrog.example",
        member_name="Magnus Tegnér",
        approved=True,
        hiring_needs=(
            HiringNeedSpec("Kock", "restaurang-kock", 3),
            HiringNeedSpec("Souschef", "restaurang-kock", 1),
        ),
    ),
    EmployerSpec(
        key="tegefjall",
        name="Hotell Tegefjäll AB",
        org_body="559087513",
        organisation=ARE.slug,
        sectors=("restaurang-kock", "ovrigt"),
        description="Familjeägt hotell i Tegefjäll med restaurang, spa och skidskola.",
        website="https://hotelltegefjall.example",
        member_email="personal@hotelltegefjall.example",
        member_name="Sofie Ramsten",
        approved=True,
        hiring_needs=(
            HiringNeedSpec("Köksmästare", "restaurang-kock", 1),
            HiringNeedSpec("Kallskänka", "restaurang-kock", 1, "fixed_term", "Vintersäsong."),
        ),
    ),
    EmployerSpec(
        key="akeri",
        name="Mittnorrländsk Åkeri AB",
        org_body="556502869",
        organisation=OSTERSUND.slug,
        sectors=("yrkesforare",),
        description="Timmer- och distributionstransporter i Jämtland sedan 1962.",
        website="https://mittnorrlandskakeri.example",
        member_email="trafikledning@mittnorrlandskakeri.example",
        member_name="Göran Mattsson",
        approved=False,
        hiring_needs=(HiringNeedSpec("Lastbilschaufför CE", "yrkesforare", 4),),
    ),
]

# --- Candidates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateSpec:
    email: str
    name: str
    city: str
    country: str
    sectors: tuple[str, ...]
    headline: str
    years: int
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    move_in_months: int | None = None
    partner_occupation: str = ""
    partner_needs_job: bool = False
    children: tuple[int, ...] = ()
    permit: str = ""
    language: str = "sv"
    phone: str = ""
    # trip key -> final application status
    applications: tuple[tuple[str, str], ...] = ()


SV = ("svenska", "engelska")


def _c(email, name, city, country, sectors, headline, years, skills, langs, **kw):
    return CandidateSpec(
        email,
        name,
        city,
        country,
        tuple(sectors),
        headline,
        years,
        tuple(skills),
        tuple(langs),
        **kw,
    )


# fmt: off
CANDIDATES = [
    # The future IT trip.
    _c(CANDIDATE_EMAIL, "Sara Holm", "Stockholm", "Sverige", ["it"],
       "Fullstackutvecklare, Python och React", 7, ["Python", "Django", "React", "PostgreSQL"],
       SV, move_in_months=4, partner_occupation="Sjuksköterska", partner_needs_job=True,
       children=(4, 7), permit="citizen", phone="070-174 06 05",
       applications=(("it", "accepted"),)),
    _c("erik.johansson@example.com", "Erik Johansson", "Stockholm", "Sverige", ["it"],
       "Backendutvecklare på ett fintechbolag", 9, ["Java", "Kotlin", "Kafka", "AWS"], SV,
       move_in_months=6, phone="070-174 06 06", applications=(("it", "accepted"),)),
    _c("maryam.hassan@example.com", "مريم حسن", "Malmö", "Sverige", ["it"],
       "Dataingenjör, maskininlärning", 5, ["Python", "PyTorch", "SQL", "MLOps"],
       ("arabiska", "engelska", "svenska"), move_in_months=2, permit="temporary", language="en",
       applications=(("it", "accepted"),)),
    _c("olena.kovalenko@example.com", "Олена Коваленко", "Göteborg", "Sverige", ["it"],
       "QA-ingenjör med fokus på testautomatisering", 6, ["Playwright", "Python", "CI/CD"],
       ("ukrainska", "engelska", "svenska"), move_in_months=3, children=(9,), permit="temporary",
       language="en", applications=(("it", "shortlisted"),)),
    _c("johanna.lindberg@example.com", "Johanna Lindberg", "Göteborg", "Sverige", ["it"],
       "Frontendutvecklare med tillgänglighet som specialitet", 4,
       ["TypeScript", "Vue", "WCAG"], SV, move_in_months=5,
       applications=(("it", "shortlisted"),)),
    _c("ahmed.yusuf@example.com", "Ahmed Yusuf", "Uppsala", "Sverige", ["it"],
       "DevOps-ingenjör", 8, ["Kubernetes", "Terraform", "Linux"],
       ("somaliska", "svenska", "engelska"), move_in_months=3, partner_occupation="Undersköterska",
       partner_needs_job=True, children=(1, 5, 8), permit="permanent",
       applications=(("it", "accepted"),)),
    _c("linnea.aberg@example.com", "Linnea Åberg", "Stockholm", "Sverige", ["it"],
       "UX-designer som också kodar", 5, ["Figma", "React", "användartester"], SV,
       applications=(("it", "shortlisted"),)),
    _c("mikael.virtanen@example.com", "Mikael Virtanen", "Västerås", "Sverige",
       ["it", "ingenjor-industri"], "Inbyggda system, C och Rust", 12,
       ["C", "Rust", "Embedded Linux"], ("svenska", "finska", "engelska"), move_in_months=8,
       partner_occupation="Lärare", children=(12,), applications=(("it", "submitted"),)),
    _c("priya.raghunathan@example.com", "Priya Raghunathan", "Stockholm", "Sverige", ["it"],
       "Data engineer", 6, ["Spark", "dbt", "Airflow"],
       ("engelska", "tamil", "svenska (grundläggande)"), move_in_months=2, permit="temporary",
       language="en", applications=(("it", "submitted"),)),
    _c("oskar.nystrom@example.com", "Oskar Nyström", "Umeå", "Sverige", ["it"],
       "Systemutvecklare i offentlig sektor", 3, ["C#", ".NET", "Azure"], SV,
       applications=(("it", "waitlisted"),)),
    _c("giorgos.papadopoulos@example.com", "Γιώργος Παπαδόπουλος", "Malmö", "Sverige", ["it"],
       "Säkerhetsanalytiker, IT-säkerhet", 10, ["SOC", "SIEM", "Python"],
       ("grekiska", "engelska"), permit="citizen", language="en",
       applications=(("it", "declined"),)),
    _c("hanna.sjoberg@example.com", "Hanna Sjöberg", "Linköping", "Sverige", ["it"],
       "Mobilutvecklare, iOS", 6, ["Swift", "SwiftUI"], SV,
       applications=(("it", "withdrawn"),)),
    _c("tobias.ek@example.com", "Tobias Ek", "Stockholm", "Sverige", ["it"],
       "Tech lead, betalsystem", 15, ["Go", "PostgreSQL", "arkitektur"], SV, move_in_months=10,
       partner_occupation="Lärare", partner_needs_job=True, children=(10, 13),
       phone="070-174 06 07", applications=(("it", "submitted"),)),
    # The completed first trip.
    _c("anders.fors@example.com", "Anders Fors", "Stockholm", "Sverige", ["it"],
       "Systemutvecklare, e-handel", 8, ["PHP", "Symfony", "MySQL"], SV,
       applications=(("premiar", "attended"),)),
    _c("camilla.hedlund@example.com", "Camilla Hedlund", "Göteborg", "Sverige", ["it"],
       "Projektledare IT", 11, ["Scrum", "Jira", "upphandling"], SV, children=(6,),
       applications=(("premiar", "attended"),)),
    _c("dmitrij.petrov@example.com", "Дмитрий Петров", "Stockholm", "Sverige", ["it"],
       "Mjukvaruarkitekt", 14, ["Java", "mikrotjänster", "Kafka"],
       ("ryska", "engelska", "svenska"), permit="permanent",
       applications=(("premiar", "attended"),)),
    _c("jonas.berg@example.com", "Jonas Berg", "Malmö", "Sverige", ["it"],
       "Databasadministratör", 9, ["PostgreSQL", "Oracle", "Ansible"], SV,
       applications=(("premiar", "attended"),)),
    _c("sofia.marklund@example.com", "Sofia Marklund", "Sundsvall", "Sverige", ["it"],
       "Supporttekniker och nätverk", 4, ["Cisco", "Windows Server"], SV,
       applications=(("premiar", "no_show"),)),
    _c("ali.rezaei@example.com", "Ali Rezaei", "Stockholm", "Sverige", ["it"],
       "Fullstackutvecklare", 3, ["Node.js", "React", "MongoDB"],
       ("persiska", "svenska", "engelska"), permit="permanent",
       applications=(("premiar", "declined"),)),
    _c("maja.eriksson@example.com", "Maja Eriksson", "Uppsala", "Sverige", ["it"],
       "Junior utvecklare, nyexad från KTH", 1, ["Python", "Java"], SV,
       applications=(("premiar", "withdrawn"),)),
    # The economists' trip.
    _c("karl.lundgren@example.com", "Karl Lundgren", "Stockholm", "Sverige", ["ekonomi"],
       "Auktoriserad redovisningskonsult", 11, ["K3", "årsbokslut", "Visma"], SV,
       move_in_months=6, partner_occupation="Fysioterapeut", partner_needs_job=True,
       children=(3,), applications=(("ekonom", "accepted"),)),
    _c("elin.bergstrom@example.com", "Elin Bergström", "Göteborg", "Sverige", ["ekonomi"],
       "Controller i tillverkande industri", 7, ["Power BI", "SAP", "budget"], SV,
       applications=(("ekonom", "shortlisted"),)),
    _c("nour.khalil@example.com", "نور خليل", "Malmö", "Sverige", ["ekonomi"],
       "Ekonom med inriktning på lönehantering", 4, ["lön", "Hogia", "Excel"],
       ("arabiska", "svenska", "engelska"), move_in_months=1, permit="temporary",
       applications=(("ekonom", "submitted"),)),
    _c("petra.holmqvist@example.com", "Petra Holmqvist", "Stockholm", "Sverige", ["ekonomi"],
       "CFO på ett startupbolag", 16, ["finansiering", "koncernredovisning", "IFRS"], SV,
       partner_occupation="Läkare", partner_needs_job=True, children=(2,),
       applications=(("ekonom", "shortlisted"),)),
    _c("david.nilsson@example.com", "David Nilsson", "Örebro", "Sverige", ["ekonomi"],
       "Revisorsassistent", 2, ["revision", "Excel"], SV,
       applications=(("ekonom", "submitted"),)),
    _c("amira.haddad@example.com", "Amira Haddad", "Stockholm", "Sverige", ["ekonomi"],
       "Skatterådgivare", 8, ["moms", "inkomstskatt", "bolagsrätt"],
       ("svenska", "arabiska", "franska", "engelska"), permit="permanent",
       applications=(("ekonom", "submitted"),)),
    _c("gustav.wikstrom@example.com", "Gustav Wikström", "Göteborg", "Sverige", ["ekonomi"],
       "Affärscontroller", 6, ["prognoser", "Qlik"], SV,
       applications=(("ekonom", "declined"),)),
    _c("ingrid.sandberg@example.com", "Ingrid Sandberg", "Lund", "Sverige", ["ekonomi"],
       "Ekonomichef i kommunal verksamhet", 20, ["LOU", "budgetprocess", "ledarskap"], SV,
       partner_occupation="Pensionär", applications=(("ekonom", "submitted"),)),
    _c("lukas.schneider@example.com", "Lukas Schneider", "Berlin", "Tyskland", ["ekonomi"],
       "Finance Business Partner", 9, ["SAP FI/CO", "IFRS"],
       ("tyska", "engelska", "svenska (A2)"), move_in_months=5, permit="citizen",
       language="en", applications=(("ekonom", "waitlisted"),)),
    # The chefs' trip, open to international applicants.
    _c("marco.rossi@example.com", "Marco Rossi", "Bologna", "Italien", ["restaurang-kock"],
       "Souschef, fine dining", 10, ["pasta fresca", "säsongsmeny", "HACCP"],
       ("italienska", "engelska"), move_in_months=3, permit="citizen", language="en",
       applications=(("kock", "accepted"),)),
    _c("ana.souza@example.com", "Ana Souza", "Lissabon", "Portugal", ["restaurang-kock"],
       "Kock, à la carte", 6, ["fisk och skaldjur", "à la carte"],
       ("portugisiska", "engelska", "spanska"), move_in_months=2, partner_occupation="Servitör",
       partner_needs_job=True, permit="citizen", language="en",
       applications=(("kock", "accepted"),)),
    _c("nguyen.thi.lan@example.com", "Nguyen Thi Lan", "Hanoi", "Vietnam", ["restaurang-kock"],
       "Köksmästare, asiatiskt kök", 12, ["vietnamesiskt kök", "ledarskap", "inköp"],
       ("vietnamesiska", "engelska"), move_in_months=6, permit="needs_permit", language="en",
       applications=(("kock", "shortlisted"),)),
    _c("eleni.georgiou@example.com", "Ελένη Γεωργίου", "Thessaloniki", "Grekland",
       ["restaurang-kock"], "Konditor", 7, ["bakverk", "choklad", "surdeg"],
       ("grekiska", "engelska"), move_in_months=4, permit="citizen", language="en",
       applications=(("kock", "submitted"),)),
    _c("tomas.garcia@example.com", "Tomás García", "Barcelona", "Spanien", ["restaurang-kock"],
       "Kock, tapas och catering", 5, ["catering", "tapas", "allergikost"],
       ("spanska", "katalanska", "engelska"), permit="citizen", language="en",
       applications=(("kock", "submitted"),)),
    _c("iryna.shevchenko@example.com", "Ірина Шевченко", "Norrköping", "Sverige",
       ["restaurang-kock"], "Kock i storkök", 8, ["storkök", "specialkost"],
       ("ukrainska", "ryska", "svenska"), move_in_months=1, children=(11,), permit="temporary",
       applications=(("kock", "waitlisted"),)),
    _c("emil.dahl@example.com", "Emil Dahl", "Stockholm", "Sverige", ["restaurang-kock"],
       "Kock som söker ett liv nära fjällen", 4, ["grill", "à la carte"], SV,
       phone="070-174 06 08", applications=(("kock", "submitted"),)),
    _c("rajesh.kumar@example.com", "Rajesh Kumar", "Dubai", "Förenade Arabemiraten",
       ["restaurang-kock"], "Tandoorikock", 14, ["tandoor", "indiskt kök", "hotellkök"],
       ("hindi", "engelska"), move_in_months=9, partner_occupation="Sjuksköterska",
       children=(6, 9), permit="needs_permit", language="en",
       applications=(("kock", "shortlisted"),)),
    _c("lena.fischer@example.com", "Lena Fischer", "Innsbruck", "Österrike", ["restaurang-kock"],
       "Kock på en alpin hotellrestaurang", 9, ["Wiener Küche", "buffé", "allergikost"],
       ("tyska", "engelska"), permit="citizen", language="en",
       applications=(("kock", "withdrawn"),)),
    # In the talent database, waiting for their trip.
    _c("sanna.oberg@example.com", "Sanna Öberg", "Stockholm", "Sverige",
       ["vard-omsorg", "halso-sjukvard"], "Sjuksköterska, akutsjukvård", 6,
       ["akutsjukvård", "triage"], SV, move_in_months=12, partner_occupation="Snickare",
       partner_needs_job=True, children=(2, 4)),
    _c("yasmin.omar@example.com", "Yasmin Omar", "Göteborg", "Sverige", ["pedagogik"],
       "Förskollärare", 5, ["Reggio Emilia", "språkutveckling"],
       ("svenska", "somaliska", "engelska"), permit="permanent"),
]
# fmt: on

MOTIVATIONS = {
    "it": (
        "Jag vill jobba med intressanta system och ha fjällen nära. Vi funderar på att flytta "
        "från storstaden och vill se om Östersund passar hela familjen."
    ),
    "ekonom": (
        "Efter tio år i storstaden vill jag ha kortare pendling och mer tid ute. Jag är nyfiken "
        "på ekonomiavdelningarna i Östersund."
    ),
    "kock": (
        "I would love to cook with local produce in the mountains. I want to learn Swedish and "
        "settle in Jämtland."
    ),
    "premiar": "Jag vill se om livet i Jämtland är något för mig.",
}
DIETARY = ["", "", "Vegetarian", "Glutenfri", "", "Laktosfri", "", "Vegan", ""]

# --- Interest registrations ------------------------------------------------------------------


@dataclass(frozen=True)
class InterestSpec:
    email: str
    name: str
    city: str
    sectors: tuple[str, ...]
    language: str
    confirmed: bool
    unsubscribed: bool = False


# fmt: off
INTERESTS = [
    InterestSpec("lars.persson@example.com", "Lars Persson", "Stockholm", ("halso-sjukvard",),
                 "sv", True),
    InterestSpec("fredrika.lind@example.com", "Fredrika Lind", "Göteborg", ("pedagogik",),
                 "sv", True),
    InterestSpec("samir.benali@example.com", "Samir Benali", "Malmö", ("yrkesforare",),
                 "sv", True),
    InterestSpec("julia.martins@example.com", "Julia Martins", "São Paulo",
                 ("restaurang-kock",), "en", False),
    InterestSpec("viktor.engstrom@example.com", "Viktor Engström", "Uppsala",
                 ("ingenjor-industri", "it"), "sv", False),
    InterestSpec("anna-karin.strand@example.com", "Anna-Karin Strand", "Stockholm",
                 ("vard-omsorg",), "sv", True, unsubscribed=True),
]
# fmt: on

# --- Pools for synthetic data ----------------------------------------------------------------

# fmt: off
SWEDISH_FIRST = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Sofia",
    "Linnea", "Maja", "Elin", "Ida", "Hanna", "Johanna", "Frida", "Malin", "Åsa", "Ebba",
    "Lars", "Erik", "Anders", "Johan", "Per", "Karl", "Nils", "Mikael", "Jonas", "Oskar",
    "Gustav", "Emil", "Viktor", "Tobias", "Måns", "Björn", "Sven", "Olof", "Jörgen", "Axel",
]
SWEDISH_LAST = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Lindqvist", "Öberg", "Åberg", "Sjöberg", "Wikström", "Holm",
    "Berglund", "Sundin", "Nyström", "Hedlund", "Forsberg", "Marklund", "Ström", "Ek",
]
INTERNATIONAL_FIRST = [
    "Ahmed", "Fatima", "Mohammed", "Amira", "Ali", "Nour", "Omar", "Leila", "Hassan", "Yasmin",
    "Olena", "Dmytro", "Iryna", "Priya", "Rajesh", "Arjun", "Lan", "Minh", "Marco", "Giulia",
    "Ana", "João", "Lukas", "Anna-Lena", "Tomás", "Lucía", "Eleni", "Giorgos", "Tariq", "Samira",
]
INTERNATIONAL_LAST = [
    "Hassan", "Ali", "Mohammed", "Yusuf", "Haddad", "Khalil", "Rezaei", "Ahmadi", "Kovalenko",
    "Shevchenko", "Petrenko", "Kumar", "Sharma", "Nguyen", "Tran", "Rossi", "Bianchi",
    "Souza", "Silva", "Schneider", "Fischer", "García", "Martínez", "Papadopoulos", "Georgiou",
]
# Full names in other scripts with an ASCII form for the email address.
OTHER_SCRIPT_NAMES = [
    ("مريم حسن", "maryam.hassan"),
    ("نور خليل", "nour.khalil"),
    ("أحمد يوسف", "ahmed.yusuf"),
    ("Олена Коваленко", "olena.kovalenko"),
    ("Дмитрий Петров", "dmitrij.petrov"),
    ("Ірина Шевченко", "iryna.shevchenko"),
    ("Γιώργος Παπαδόπουλος", "giorgos.papadopoulos"),
    ("Ελένη Γεωργίου", "eleni.georgiou"),
]
SWEDISH_CITIES = [
    "Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping",
    "Helsingborg", "Norrköping", "Jönköping", "Umeå", "Lund", "Borås", "Sundsvall", "Gävle",
    "Falun", "Växjö", "Karlstad", "Luleå", "Södertälje",
]
# City weights: the big three dominate, like the interest found in the ESF+ survey.
SWEDISH_CITY_WEIGHTS = [20, 12, 10] + [3] * (len(SWEDISH_CITIES) - 3)
ABROAD = [
    ("Bologna", "Italien"), ("Lissabon", "Portugal"), ("Barcelona", "Spanien"),
    ("Berlin", "Tyskland"), ("Innsbruck", "Österrike"), ("Thessaloniki", "Grekland"),
    ("Hanoi", "Vietnam"), ("Dubai", "Förenade Arabemiraten"), ("Kraków", "Polen"),
    ("Helsingfors", "Finland"), ("Oslo", "Norge"), ("Manila", "Filippinerna"),
]
LANGUAGE_SETS = [
    ("svenska", "engelska"),
    ("svenska", "engelska", "tyska"),
    ("svenska", "engelska", "finska"),
    ("svenska", "arabiska", "engelska"),
    ("svenska", "persiska", "engelska"),
    ("ukrainska", "engelska", "svenska"),
    ("engelska", "svenska (grundläggande)"),
    ("somaliska", "svenska", "engelska"),
    ("spanska", "engelska"),
]
PARTNER_OCCUPATIONS = [
    "Sjuksköterska", "Lärare", "Undersköterska", "Ingenjör", "Snickare", "Ekonom",
    "Förskollärare", "Elektriker", "Läkare", "Kock", "Socionom", "Student",
]

# Per sector: (weight for candidates, headlines, skills, trip title prefixes, employer words,
# hiring-need role titles)
SECTOR_POOLS: dict[str, dict] = {
    "ekonomi": {
        "weight": 12,
        "headlines": ["Redovisningskonsult", "Controller", "Ekonomiassistent", "Lönekonsult",
                      "Ekonomichef", "Revisor", "Skatterådgivare"],
        "skills": ["Visma", "Fortnox", "SAP", "K3", "IFRS", "bokslut", "Excel", "Power BI",
                   "moms", "budget"],
        "trip": ["Ekonomresan", "Siffror och fjäll", "Controllerresan"],
        "employer": ["Ekonomi", "Revision", "Redovisning", "Finans"],
        "roles": ["Redovisningskonsult", "Controller", "Lönespecialist", "Ekonomichef"],
    },
    "ingenjor-industri": {
        "weight": 14,
        "headlines": ["Elkraftingenjör", "Konstruktör", "Produktionstekniker",
                      "Automationsingenjör", "Underhållsingenjör", "Projektingenjör"],
        "skills": ["AutoCAD", "SolidWorks", "PLC", "Lean", "elkraft", "CE-märkning",
                   "underhåll", "projektledning"],
        "trip": ["Ingenjörsresan", "Industri och fjäll", "Teknikresan"],
        "employer": ["Teknik", "Industri", "Energi", "Verkstad"],
        "roles": ["Elkraftingenjör", "Konstruktör", "Automationstekniker", "Projektledare"],
    },
    "it": {
        "weight": 18,
        "headlines": ["Backendutvecklare", "Frontendutvecklare", "Fullstackutvecklare",
                      "DevOps-ingenjör", "Data engineer", "Systemarkitekt", "Testare",
                      "IT-säkerhetsspecialist"],
        "skills": ["Python", "Java", "C#", "TypeScript", "React", "Kubernetes", "PostgreSQL",
                   "AWS", "Azure", "Go", "Rust", "Django"],
        "trip": ["IT-resan", "Utvecklarresan", "Kod och fjäll"],
        "employer": ["Kod", "Data", "Digital", "Moln", "IT"],
        "roles": ["Backendutvecklare", "Fullstackutvecklare", "DevOps-ingenjör", "Tech lead"],
    },
    "vard-omsorg": {
        "weight": 16,
        "headlines": ["Undersköterska", "Sjuksköterska", "Vårdbiträde", "Stödassistent",
                      "Enhetschef, äldreomsorg"],
        "skills": ["demensvård", "palliativ vård", "läkemedelshantering", "LSS",
                   "hemtjänst"],
        "trip": ["Vårdresan", "Omsorgsresan"],
        "employer": ["Omsorg", "Vård", "Hemtjänst"],
        "roles": ["Undersköterska", "Sjuksköterska", "Stödassistent"],
    },
    "halso-sjukvard": {
        "weight": 6,
        "headlines": ["Specialistläkare, allmänmedicin", "ST-läkare", "Psykiatriker",
                      "Distriktsläkare"],
        "skills": ["allmänmedicin", "akutmedicin", "psykiatri", "handledning"],
        "trip": ["Läkarresan", "Doktorsresan"],
        "employer": ["Hälsa", "Läkarhus", "Vårdcentral"],
        "roles": ["Specialistläkare", "Distriktsläkare", "ST-läkare"],
    },
    "pedagogik": {
        "weight": 10,
        "headlines": ["Grundskollärare", "Förskollärare", "Gymnasielärare",
                      "Speciallärare", "Fritidspedagog"],
        "skills": ["matematik", "svenska som andraspråk", "NPF", "IKT", "läsinlärning"],
        "trip": ["Lärarresan", "Skolresan"],
        "employer": ["Skola", "Förskola", "Utbildning"],
        "roles": ["Grundskollärare", "Förskollärare", "Speciallärare"],
    },
    "restaurang-kock": {
        "weight": 10,
        "headlines": ["Kock", "Souschef", "Köksmästare", "Konditor", "Kallskänka"],
        "skills": ["à la carte", "storkök", "catering", "HACCP", "allergikost", "bakning"],
        "trip": ["Kockresan", "Fjällköket", "Smaka Jämtland"],
        "employer": ["Krog", "Kök", "Hotell", "Bistro"],
        "roles": ["Kock", "Souschef", "Köksmästare"],
    },
    "yrkesforare": {
        "weight": 8,
        "headlines": ["Lastbilschaufför CE", "Bussförare", "Timmerbilschaufför",
                      "Distributionsförare"],
        "skills": ["CE-behörighet", "YKB", "ADR", "kranbil", "D-behörighet"],
        "trip": ["Förarresan", "Vägen till Jämtland"],
        "employer": ["Åkeri", "Transport", "Buss", "Logistik"],
        "roles": ["Lastbilschaufför", "Bussförare", "Timmerbilschaufför"],
    },
    "ovrigt": {
        "weight": 6,
        "headlines": ["Elektriker", "Snickare", "Säljare", "Fastighetstekniker",
                      "Kommunikatör"],
        "skills": ["B-körkort", "kundservice", "elinstallation", "projektledning"],
        "trip": ["Jämtlandsresan", "Flytta norrut"],
        "employer": ["Service", "Bygg", "Handel", "Fastighet"],
        "roles": ["Elektriker", "Snickare", "Säljare"],
    },
}
PLACE_WORDS = [
    "Storsjö", "Frösö", "Jämt", "Fjäll", "Åre", "Oviks", "Brunflo", "Lits", "Hallens",
    "Krokoms", "Mittnorr", "Norrsken", "Indals", "Bydals", "Sylarna", "Ström", "Ragunda",
]
COMPANY_FORMS = ["AB", "AB", "AB", "i Jämtland AB", "& Co AB", "HB", "ek. för."]
MUNICIPALITIES = [
    "Östersunds kommun", "Åre kommun", "Krokoms kommun", "Strömsunds kommun",
    "Ragunda kommun", "Bräcke kommun", "Bergs kommun", "Härjedalens kommun",
]
BASE_LOCATIONS = [
    "Östersund, Åre", "Östersund, Frösön", "Åre, Duved", "Östersund, Bydalen",
    "Östersund, Storlien", "Funäsdalen, Östersund", "Östersund, Krokom", "Strömsund, Östersund",
]
MONTHS_SV = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
]
# fmt: on
