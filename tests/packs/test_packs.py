"""Candidate packs: access, consent-gated content, PDF properties, caching, safe rendering."""

import io
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from candidates.consents import consent_set
from candidates.services import candidate_profile_update
from itineraries.services import itinerary_item_update
from packs.models import PackDocument, PackView

from ..factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    TripFactory,
)
from ..itineraries.conftest import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_trip(organisation):
    return TripFactory(
        organisation=organisation, status="published", slug="it-resan", title="IT-resan Åre"
    )


@pytest.fixture
def booked(pack_trip):
    employer = EmployerFactory(name="Fjällkraft AB", slug="fjallkraft")
    SlotBookingFactory(trip=pack_trip, employer=employer, status="confirmed", hold_expires_at=None)
    return EmployerMemberFactory(employer=employer).user


def consenting(trip, name, **fields):
    candidate = CandidateFactory(name=name, email=f"{abs(hash(name))}@example.test")
    if fields:
        candidate_profile_update(candidate=candidate, actor=None, **fields)
    ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
    consent_set(candidate=candidate, purpose="share_trip", trip=trip, granted=True, via="web")
    candidate.refresh_from_db()
    return candidate


def build(client, trip, capture):
    """Open the pack page (which queues the build) and run the queued build."""
    with capture(execute=True):
        page = client.get(f"/trips/{trip.slug}/pack/")
    assert page.status_code == 200
    return page


def download(client, trip, capture, path="pack.pdf"):
    build(client, trip, capture)
    response = client.get(f"/trips/{trip.slug}/{path}")
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response["Content-Disposition"]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_employer_pack_shows_only_consented_fields(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    sharer = consenting(
        pack_trip,
        "Åsa Öberg",
        headline="Backendutvecklare",
        skills=["Python", "Django"],
        languages=["svenska", "engelska"],
        years_experience=7,
        phone="070-123 45 67",
        partner_needs_job=True,
        partner_occupation="Sjuksköterska",
        children_ages=[3, 8],
        consent_residence_permit=True,
        residence_permit_status="temporary",
    )
    household = consenting(
        pack_trip,
        "Олена Коваленко",
        partner_occupation="Lärare",
        partner_needs_job=True,
        consent_share_household=True,
        consent_share_contact=True,
        phone="+380 44 123",
    )
    private = CandidateFactory(name="Hemlig Person", headline="Hemlig rubrik")
    ApplicationFactory(candidate=private, trip=pack_trip, status="accepted")
    ApplicationFactory(trip=pack_trip, status="waitlisted", candidate__name="Väntande Person")
    client.force_login(booked)
    pdf, disposition = download(client, pack_trip, django_capture_on_commit_callbacks)
    text = text_of(pdf)
    assert disposition == 'attachment; filename="it-resan-fjallkraft-pack.pdf"'
    for expected in (
        "Åsa Öberg",
        "Backendutvecklare",
        "Python, Django",
        "svenska, engelska",
        "7 years",
        "Олена Коваленко",
        "Lärare",
        "+380 44 123",
        "IT-resan Åre",
    ):
        assert expected in text, expected
    # Not consented: household and contact of the first, anything of the private candidate.
    for absent in (
        "070-123 45 67",
        "Sjuksköterska",
        "Hemlig Person",
        "Hemlig rubrik",
        "Väntande Person",
        sharer.email,
    ):
        assert absent not in text, absent
    # Residence permit only with its consent: the first gave it.
    assert "Temporary residence permit" in text
    assert household.residence_permit_status == ""


def test_pdf_has_page_numbers_bookmarks_and_real_fonts_for_other_scripts(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    names = ("Åsa Öberg", "مريم حسن", "Γιώργος Παπαδόπουλος", "Олена Коваленко", "ዮናስ ተስፋይ")
    for name in names:
        consenting(pack_trip, name, headline="Kock")
    client.force_login(booked)
    pdf, _ = download(client, pack_trip, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages >= 4
    assert f"2 / {pages}" in reader.pages[1].extract_text()
    assert "IT-resan Åre" in reader.pages[1].extract_text()  # running header
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for name in names:
        assert name in outline
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # DejaVu Sans has Latin, Greek, Cyrillic and Arabic glyphs; Ethiopic (Tigrinya names)
    # must come from a Noto font by fallback, not as empty boxes.
    assert any("DejaVu" in f for f in fonts), fonts
    assert any("Ethiopic" in f for f in fonts), fonts
    text = text_of(pdf)
    for name in names:
        assert name in text


# Names of people we recruit, one per script.
NAMES_IN_SCRIPTS = [
    "王小明",  # Chinese
    "山田 はなこ",  # Japanese (kanji and kana)
    "김민준",  # Korean
    "สมชาย ใจดี",  # Thai
    "अनन्या शर्मा",  # Devanagari (Hindi)
    "ዮናስ ተስፋይ",  # Ethiopic (Tigrinya)
    "مریم رضایی",  # Persian
    "Åsa Öberg",
]


def _squashed(family: str) -> str:
    return re.sub(r"[^a-z]", "", family.lower())


def _families_with_glyphs_for(text: str) -> set[str]:
    """The installed font families that have a glyph for every letter of `text` (fontconfig)."""
    families = None
    for char in set(text) - {" "}:
        listed = subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True
        ).stdout
        found = {_squashed(f) for line in listed.splitlines() for f in line.split(",")}
        families = found if families is None else families & found
    return families or set()


def test_names_in_every_script_are_drawn_with_real_glyphs(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    for name in NAMES_IN_SCRIPTS:
        consenting(pack_trip, name, headline="Sjuksköterska")
    client.force_login(booked)
    pdf, _ = download(client, pack_trip, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(pdf))
    embedded = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"]).split("+")[-1]
            embedded.add(_squashed(re.sub(r"-(Bold|Regular|Oblique|Italic)$", "", base)))
    # A name no embedded font has glyphs for is drawn as empty boxes while its text still
    # extracts; so some embedded font must be one that covers every letter of each name.
    for name in NAMES_IN_SCRIPTS:
        assert _families_with_glyphs_for(name) & embedded, (name, embedded)
        assert name in [item.title for item in reader.outline], name


def test_each_candidate_starts_whole_when_it_fits(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    names = [f"Kandidat {i:02d}" for i in range(12)]
    for name in names:
        consenting(pack_trip, name, headline="Ekonom", skills=["Redovisning"] * 3)
    client.force_login(booked)
    pdf, _ = download(client, pack_trip, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(pdf))
    for name in names:
        pages_with_name = [
            i
            for i, page in enumerate(reader.pages)
            if name in page.extract_text() and "Ekonom" in page.extract_text()
        ]
        # The index page lists the name too; the section itself sits on one page.
        section_pages = [i for i in pages_with_name if "years" in reader.pages[i].extract_text()]
        assert len(section_pages) == 1, (name, section_pages)


def test_web_pack_and_pdf_show_a_candidate_with_the_same_fields(
    client, pack_trip, organiser, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(
        name="Åsa Öberg",
        headline="Backendutvecklare",
        phone="070-123 45 67",
        skills=["Python"],
        languages=["svenska"],
        partner_needs_job=True,
        partner_occupation="Sjuksköterska",
    )
    ApplicationFactory(
        candidate=candidate, trip=pack_trip, status="accepted", dietary_needs="Vegansk"
    )
    client.force_login(organiser)
    page = build(client, pack_trip, django_capture_on_commit_callbacks).content.decode()
    section = page[page.index('class="card pack__candidate"') :]
    web_labels = re.findall(r"<dt>([^<]+)</dt>", section)
    pdf, _ = download(client, pack_trip, django_capture_on_commit_callbacks)
    text = text_of(pdf)
    assert {"Email", "Phone", "Partner", "Dietary needs"} <= set(web_labels)
    for label in web_labels:
        assert label in text, label
    for value in ("070-123 45 67", "Sjuksköterska", "Vegansk", candidate.email):
        assert value in section and value in text, value


def test_each_reader_gets_the_pdf_in_their_language(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    consenting(pack_trip, "Åsa Öberg", years_experience=3)
    client.force_login(booked)
    english, _ = download(client, pack_trip, django_capture_on_commit_callbacks)
    client.cookies["django_language"] = "sv"
    swedish, _ = download(client, pack_trip, django_capture_on_commit_callbacks)

    assert "Candidate pack for Fjällkraft AB" in text_of(english)
    assert "3 years" in text_of(english)
    assert "Kandidatpaket för Fjällkraft AB" in text_of(swedish)
    assert "3 år" in text_of(swedish)
    assert sorted(PackDocument.objects.values_list("language", "state")) == [
        ("en", "ready"),
        ("sv", "ready"),
    ]


def test_access_per_role(client, pack_trip, booked, organiser):
    held_member = EmployerMemberFactory(employer=SlotBookingFactory(trip=pack_trip).employer).user
    pending_member = EmployerMemberFactory(
        employer=SlotBookingFactory(
            trip=pack_trip, status="pending_payment", hold_expires_at=None
        ).employer
    ).user
    other_trip_member = EmployerMemberFactory(
        employer=SlotBookingFactory(status="confirmed", hold_expires_at=None).employer
    ).user
    candidate = consenting(pack_trip, "Kalle Kandidat")
    for user, status in [
        (booked, 200),
        (organiser, 200),
        (held_member, 403),  # told when it opens (below)
        (pending_member, 403),
        (other_trip_member, 404),
        (candidate.user, 404),
    ]:
        client.force_login(user)
        assert client.get(f"/trips/{pack_trip.slug}/pack/").status_code == status, user
        assert client.get(f"/trips/{pack_trip.slug}/participants.pdf").status_code == (
            302 if user == organiser else 404
        )
    client.force_login(pending_member)
    page = client.get(f"/trips/{pack_trip.slug}/pack/").content.decode()
    assert "opens as soon as your booking is confirmed" in page
    assert "waiting for the invoice to be paid" in page
    assert "Kalle Kandidat" not in page
    client.logout()
    assert client.get(f"/trips/{pack_trip.slug}/pack/").status_code == 302  # to the login


def test_pack_page_polls_the_pdf_state_without_reloading(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    client.force_login(booked)
    with django_capture_on_commit_callbacks() as queued:
        page = client.get(f"/trips/{pack_trip.slug}/pack/").content.decode()
        waiting = client.get(f"/trips/{pack_trip.slug}/pack/status.json").json()
    assert 'http-equiv="refresh"' not in page  # a reload would wipe a half-typed note
    assert f'data-pack-status="/trips/{pack_trip.slug}/pack/status.json"' in page
    assert "/static/js/pack-status.js" in page
    assert waiting == {"pack": {"state": "queued", "progress": 0, "pages": 0, "url": ""}}

    for build_task in queued:  # the worker builds the PDF
        build_task()
    ready = client.get(f"/trips/{pack_trip.slug}/pack/status.json")
    assert ready.json()["pack"] | {"pages": 1} == {
        "state": "ready",
        "progress": 100,
        "pages": 1,
        "url": f"/trips/{pack_trip.slug}/pack.pdf",
    }
    assert ready["Cache-Control"] == "private, no-store"
    client.force_login(EmployerMemberFactory().user)
    assert client.get(f"/trips/{pack_trip.slug}/pack/status.json").status_code == 404


def test_organiser_gets_the_full_pack_and_participants_list(
    client, pack_trip, organiser, django_capture_on_commit_callbacks
):
    private = CandidateFactory(name="Ingen Delning", phone="0701111111")
    ApplicationFactory(
        candidate=private, trip=pack_trip, status="accepted", dietary_needs="Vegansk"
    )
    client.force_login(organiser)
    pdf, disposition = download(client, pack_trip, django_capture_on_commit_callbacks)
    assert disposition == 'attachment; filename="it-resan-pack.pdf"'
    assert "Ingen Delning" in text_of(pdf)
    participants, disposition = download(
        client, pack_trip, django_capture_on_commit_callbacks, "participants.pdf"
    )
    assert disposition == 'attachment; filename="it-resan-participants.pdf"'
    assert len(PdfReader(io.BytesIO(participants)).pages) == 1
    assert "Vegansk" in text_of(participants)
    assert "0701111111" in text_of(participants)


def test_views_and_downloads_are_recorded_and_listed_for_organisers(
    client, pack_trip, booked, organiser, django_capture_on_commit_callbacks
):
    client.force_login(booked)
    download(client, pack_trip, django_capture_on_commit_callbacks)
    assert list(PackView.objects.values_list("format", "kind", "viewer")) == [
        ("pdf", "employer", booked.pk),
        ("web", "employer", booked.pk),
    ]
    client.force_login(organiser)
    page = client.get(f"/trips/{pack_trip.slug}/pack/views/").content.decode()
    assert booked.email in page and "Fjällkraft AB" in page
    client.force_login(booked)
    assert client.get(f"/trips/{pack_trip.slug}/pack/views/").status_code == 404


def _built(client, trip, capture) -> PackDocument:
    build(client, trip, capture)
    return PackDocument.objects.get(trip=trip, kind="employer")


def test_cache_is_reused_and_invalidated_by_each_kind_of_change(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    candidate = consenting(pack_trip, "Åsa Öberg", headline="Utvecklare")
    item = make_item(pack_trip, title="Frukost", audience="employers")
    client.force_login(booked)
    first = _built(client, pack_trip, django_capture_on_commit_callbacks)
    assert first.state == "ready"
    again = _built(client, pack_trip, django_capture_on_commit_callbacks)
    assert (again.version, again.built_at) == (first.version, first.built_at)  # not rebuilt

    versions = {first.version}
    changes = [
        lambda: candidate_profile_update(candidate=candidate, actor=None, headline="Arkitekt"),
        lambda: itinerary_item_update(item=item, actor=None, title="Brunch"),
        lambda: consent_set(
            candidate=candidate, purpose="share_trip", trip=pack_trip, granted=False, via="web"
        ),
    ]
    for change in changes:
        change()
        document = _built(client, pack_trip, django_capture_on_commit_callbacks)
        assert document.state == "ready"
        assert document.version not in versions
        versions.add(document.version)
    # The withdrawn consent removed the candidate from the rebuilt PDF.
    response = client.get(f"/trips/{pack_trip.slug}/pack.pdf")
    assert "Åsa Öberg" not in text_of(b"".join(response.streaming_content))


def test_page_says_being_prepared_until_the_build_has_run(client, pack_trip, booked):
    client.force_login(booked)
    page = client.get(f"/trips/{pack_trip.slug}/pack/").content.decode()
    assert "The PDF is being prepared" in page
    # The PDF link leads back to the page while building.
    assert client.get(f"/trips/{pack_trip.slug}/pack.pdf").status_code == 302


def test_marks_and_notes_are_private_to_the_employer(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    candidate = consenting(pack_trip, "Åsa Öberg")
    application = candidate.applications.get()
    other = EmployerFactory(name="Annan AB")
    SlotBookingFactory(trip=pack_trip, employer=other, status="confirmed", hold_expires_at=None)
    other_member = EmployerMemberFactory(employer=other).user
    client.force_login(booked)
    client.post(
        f"/trips/{pack_trip.slug}/pack/marks/{application.pk}/",
        {"wish": "must", "note": "Ring före fredag"},
    )
    own = client.get(f"/trips/{pack_trip.slug}/pack/").content.decode()
    assert "Ring före fredag" in own and '<option value="must" selected>' in own
    client.force_login(other_member)
    theirs = client.get(f"/trips/{pack_trip.slug}/pack/").content.decode()
    assert "Ring före fredag" not in theirs
    assert '<option value="must" selected>' not in theirs


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    _Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hostile_profile_text_renders_escaped_and_fetches_nothing(
    client, pack_trip, booked, local_server, django_capture_on_commit_callbacks, monkeypatch
):
    opened = []
    real_open = open

    def watching_open(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    consenting(
        pack_trip,
        '<img src="file:///etc/passwd">Elak',
        headline=(
            f'<img src="{local_server}/track.png"><link rel=stylesheet href="{local_server}/x.css">'
        ),
        skills=[f"<style>@import url({local_server}/y.css)</style>"],
    )
    client.force_login(booked)
    monkeypatch.setattr("builtins.open", watching_open)
    pdf, _ = download(client, pack_trip, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    assert _Recorder.hits == []
    assert not any("passwd" in path for path in opened)
    text = text_of(pdf)
    assert '<img src="file:///etc/passwd">Elak' in text  # shown as text, not as markup


def test_the_url_fetcher_refuses_everything_but_our_static_files(local_server, settings):
    from core.pdf import render_pdf, safe_url_fetcher

    fetcher = safe_url_fetcher()
    html_path = settings.BASE_DIR / "templates" / "pdf" / "_fetcher_probe.html"
    html_path.write_text(
        '<link rel="stylesheet" href="pack-static:css/pack-print.css">'
        f'<img src="file:///etc/passwd"><img src="{local_server}/a.png">'
        '<img src="http://169.254.169.254/latest/meta-data/">'
        '<img src="pack-static:../../etc/passwd">'
        '<img src="pack-media:private/cv/1/x.pdf"><p>Hej åäö</p>'
    )
    try:
        pdf = render_pdf("pdf/_fetcher_probe.html", {}, fetcher=fetcher)
    finally:
        html_path.unlink()
    assert "Hej åäö" in text_of(pdf)
    assert _Recorder.hits == []
    assert sorted(fetcher.refused) == sorted(
        [
            "file:///etc/passwd",
            f"{local_server}/a.png",
            "http://169.254.169.254/latest/meta-data/",
            "pack-static:../../etc/passwd",
            "pack-media:private/cv/1/x.pdf",
        ]
    )


def test_trip_page_links_to_the_pack_only_for_those_with_access(client, pack_trip, booked):
    client.force_login(booked)
    assert (
        f"/trips/{pack_trip.slug}/pack/" in client.get(f"/trips/{pack_trip.slug}/").content.decode()
    )
    client.force_login(CandidateFactory().user)
    assert "/pack/" not in client.get(f"/trips/{pack_trip.slug}/").content.decode()


def test_a_change_rebuilds_existing_packs_in_the_background(
    client, pack_trip, booked, django_capture_on_commit_callbacks
):
    candidate = consenting(pack_trip, "Åsa Öberg", headline="Utvecklare")
    client.force_login(booked)
    first = _built(client, pack_trip, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        candidate_profile_update(candidate=candidate, actor=None, headline="Arkitekt")
    # Without anyone opening the pack, the document was rebuilt with the new headline.
    document = PackDocument.objects.get(pk=first.pk)
    assert document.state == "ready" and document.version != first.version
    assert "Arkitekt" in text_of(document.pdf.read())
