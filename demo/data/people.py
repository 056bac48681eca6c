"""The demo world's people: candidates with their applications, and interest registrations."""

from dataclasses import dataclass

from demo.data import CANDIDATE_EMAIL

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
