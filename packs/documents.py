"""A candidate pack's PDF, assembled from parts so that one candidate's change re-lays out
only the part that shows them (issue 15.4; the mechanism is core.pdf_assembly).

The parts, in order, each a document of `templates/pdf/pack.html`: the cover (which says when
the PDF was prepared), the programme with the meeting schedule, the index of candidates, and
the candidates in groups of about `GROUP_AVERAGE`, each group starting on a new page. Where a
group ends is decided by its last candidate (content-defined, as backup tools cut files into
chunks), not by counting: a candidate who joins or leaves the pack changes their own group,
and the cut of every later group stays where it was. So a profile edit lays out one group
again (and the index when the name or headline changed), a candidate joining or leaving
their group and the parts that link to them (the index; an employer's meeting schedule). The
running header and page numbers are one more cached document of the pack's page count.
"""

import hashlib
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string

from core.pdf_assembly import Assembled, PdfPart, assemble_parts

from .selectors import CandidateSection

# The parts' stylesheets (parsed once per process, core.pdf.static_stylesheet).
STYLESHEETS = ("css/pack-print.css", "css/pack-parts.css")
# A group ends after a candidate whose application id hashes to 0 modulo GROUP_AVERAGE, and
# after GROUP_MAX candidates at the latest.
GROUP_AVERAGE = 5
GROUP_MAX = 12


def _ends_group(section: CandidateSection) -> bool:
    digest = hashlib.sha256(f"pack-group:{section.application_id}".encode()).digest()
    return int.from_bytes(digest[:4]) % GROUP_AVERAGE == 0


def candidate_groups(sections: Sequence[CandidateSection]) -> list[list[CandidateSection]]:
    groups: list[list[CandidateSection]] = [[]]
    for section in sections:
        if len(groups[-1]) >= GROUP_MAX:
            groups.append([])
        groups[-1].append(section)
        if _ends_group(section):
            groups.append([])
    return [group for group in groups if group]


def _part(context: dict[str, Any], part: str, **extra: Any) -> str:
    return render_to_string("pdf/pack.html", {**context, "part": part, **extra})


def pack_pdf(context: dict[str, Any], *, media: tuple[str, ...] = ()) -> Assembled:
    """The assembled pack of `packs.selectors.pack_context` (rendered in the active
    language). `media`: the uploaded images it may show (the employer's logo)."""
    anchors = tuple(section.anchor for section in context["sections"])
    css = STYLESHEETS
    parts = [
        PdfPart(_part(context, "cover"), media=media, stylesheets=css),
        PdfPart(
            _part(context, "programme", link_targets=anchors), link_targets=anchors, stylesheets=css
        ),
        PdfPart(
            _part(context, "index", link_targets=anchors), link_targets=anchors, stylesheets=css
        ),
    ]
    parts += [
        PdfPart(_part(context, "candidates", group=group), stylesheets=css)
        for group in candidate_groups(context["sections"])
    ]

    def furniture(pages: int) -> str:
        return render_to_string("pdf/pack_furniture.html", {**context, "sheets": range(pages - 1)})

    return assemble_parts(
        parts, furniture_html=furniture, furniture_stylesheets=("css/pack-print.css",)
    )
