"""The demo world's employers with their hiring needs, and their bookings of trip slots."""

from dataclasses import dataclass, field

from demo.data import EMPLOYER_EMAIL
from demo.data.trips import ARE, OSTERSUND
from employers.models import BookingStatus as B
from employers.validators import org_number_with_check_digit


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
        return org_number_with_check_digit(self.org_body)


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


# Bookings per (trip, employer): one list of status steps after "held" per booking, in order.
# With "pending_payment" it is an invoice booking; without, a Stripe Checkout hold.
BOOKINGS: list[tuple[str, str, list[list[str]]]] = [
    ("it", "frosokod", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    # A card payment abandoned (the hold lapsed), then an invoice booking awaiting payment.
    ("it", "fjallmolnet", [[B.CANCELLED], [B.PENDING_PAYMENT]]),
    ("it", "storsjoenergi", [[]]),  # in Stripe Checkout right now
    ("ekonom", "storsjoenergi", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    ("ekonom", "revisionsbyran", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    ("kock", "arefjallkrog", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    # Paid, then cancelled by the organiser with a refund, refunded by credit note.
    ("kock", "tegefjall", [[B.PENDING_PAYMENT, B.CONFIRMED, B.CANCELLED, B.REFUNDED]]),
]
# The completed trip's bookings: confirmed and paid by invoice, in this order.
PAST_BOOKINGS = ["frosokod", "fjallmolnet", "storsjoenergi"]
