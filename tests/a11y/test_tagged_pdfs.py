"""Every PDF we publish is a tagged PDF/UA document (issue 16.3), checked with a reader that is
not WeasyPrint: poppler's `pdfinfo`, whose `-struct-text` prints the structure tree a screen
reader follows. Packs, participants lists, invoices and meeting schedules here; the programme
and itineraries have their own tests in tests/itineraries."""

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass, field

import pytest
from pypdf import PdfReader

from employers.invoices import invoice_issue, invoice_pdf
from events.models import Organisation

from ..factories import BILLING, EmployerMemberFactory, SlotBookingFactory
from ..itineraries.conftest import book_meeting, fetch_pdf

pytestmark = pytest.mark.django_db


@dataclass
class Node:
    role: str
    children: list["Node"] = field(default_factory=list)
    text: str = ""
    headers: bool = False  # a TD that names its header cells

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def content(self) -> str:
        return " ".join(part for node in self.walk() if (part := node.text))


def _poppler(*args: str, pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run([*args, file.name], capture_output=True, text=True, check=True).stdout


def structure(pdf: bytes) -> Node:
    """The structure tree as poppler reads it: one node per element, text in its leaves."""
    root = Node("Root")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for line in _poppler("pdfinfo", "-struct-text", pdf=pdf).splitlines():
        depth = len(line) - len(line.lstrip(" "))
        stripped = line.strip()
        if not stripped:
            continue
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        if stripped.startswith('"'):
            parent.text = " ".join(filter(None, [parent.text, stripped.strip('"')]))
            continue
        if stripped.startswith("/Headers"):
            parent.headers = True
            continue
        node = Node(re.split(r"[\s:<(]", stripped, maxsplit=1)[0])
        parent.children.append(node)
        stack.append((depth, node))
    return root


def info(pdf: bytes) -> dict[str, str]:
    lines = _poppler("pdfinfo", pdf=pdf).splitlines()
    return {key.strip(): value.strip() for key, _, value in (li.partition(":") for li in lines)}


def assert_accessible(pdf: bytes, *, title: str, language: str) -> Node:
    """Tagged, titled (and the title shown instead of the file name), in its language, and
    every table with header cells that its data cells name."""
    meta = info(pdf)
    assert meta["Tagged"] == "yes"
    assert meta["Title"] == title
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == language
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    tree = structure(pdf)
    tables = [node for node in tree.walk() if node.role == "Table"]
    for table in tables:
        cells = [node for node in table.walk() if node.role in {"TH", "TD"}]
        assert any(cell.role == "TH" for cell in cells), "a table without header cells"
        assert all(cell.headers for cell in cells if cell.role == "TD"), "a cell without headers"
    return tree


def headings(tree: Node) -> list[tuple[str, str]]:
    return [(node.role, node.content()) for node in tree.walk() if re.fullmatch(r"H\d", node.role)]


def test_the_full_pack_reads_in_order_with_each_candidate_a_heading(
    client, meeting_world, django_capture_on_commit_callbacks
):
    w = meeting_world
    client.force_login(w.organiser)

    pdf = fetch_pdf(client, f"/trips/{w.trip.slug}/pack.pdf", django_capture_on_commit_callbacks)

    tree = assert_accessible(
        pdf.pdf, title="Full candidate pack (organisers) — IT-resan", language="en"
    )
    assert headings(tree)[0] == ("H1", "IT-resan")
    candidate_headings = [text for role, text in headings(tree) if role == "H2"]
    assert candidate_headings[-3:] == ["Ada Lind", "Bo Ek", "Cia Berg"]  # the order printed


def test_the_participants_list_is_a_table_with_column_headers(
    client, meeting_world, django_capture_on_commit_callbacks
):
    w = meeting_world
    client.force_login(w.organiser)

    pdf = fetch_pdf(
        client, f"/trips/{w.trip.slug}/participants.pdf", django_capture_on_commit_callbacks
    )

    tree = assert_accessible(pdf.pdf, title="Participants — IT-resan", language="en")
    header_cells = [node.content() for node in tree.walk() if node.role == "TH"]
    assert header_cells[:3] == ["#", "Name", "Travelling from"]
    rows = [node.content() for node in tree.walk() if node.role == "TR"]
    assert [row for row in rows if "Ada Lind" in row or "Cia Berg" in row][0].startswith("1 ")


def test_an_employers_meeting_schedule_is_tagged_in_the_readers_language(
    client, meeting_world, django_capture_on_commit_callbacks
):
    w = meeting_world
    book_meeting(w, w.employers[0], w.applications[1], 9, 0)
    member = w.members[0]
    member.language = "sv"
    member.save(update_fields=["language"])
    client.force_login(member)
    client.cookies["django_language"] = "sv"

    response = client.get(f"/me/trips/{w.trip.slug}/meetings.pdf")
    pdf = b"".join(response.streaming_content) if response.streaming else response.content

    tree = assert_accessible(pdf, title="Mötesschema: Åre Data · IT-resan", language="sv")
    assert headings(tree)[0] == ("H1", "Mötesschema: Åre Data")
    assert ["Bo Ek" in node.content() for node in tree.walk() if node.role == "TR"].count(True) == 1


@pytest.mark.parametrize(
    ("language", "title"), [("sv", "Faktura 1 — Testkommunen"), ("en", "Invoice 1 — Testkommunen")]
)
def test_an_invoice_is_tagged_with_row_and_column_headers(organisation, language, title):
    Organisation.objects.filter(pk=organisation.pk).update(**BILLING)
    member = EmployerMemberFactory(user__language=language)
    booking = SlotBookingFactory(
        trip__organisation=organisation,
        employer=member.employer,
        status="pending_payment",
        hold_expires_at=None,
        created_by=member.user,
        po_reference="PO-4711",
    )

    tree = assert_accessible(
        invoice_pdf(invoice_issue(booking=booking)), title=title, language=language
    )

    assert headings(tree)[0][0] == "H1"
    row_headers = [node.content() for node in tree.walk() if node.role == "TH"]
    assert ("Fakturadatum" if language == "sv" else "Invoice date") in row_headers
