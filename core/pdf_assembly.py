"""One tagged PDF assembled from parts rendered on their own, each part cached by its HTML.

A long document whose pieces change one at a time (a candidate pack: one section per
candidate) is rendered as parts — each a complete HTML document, laid out by WeasyPrint
alone (`core.pdf.render_html_pdf`) and cached by a hash of its HTML and media — and
assembled with pikepdf (qpdf: 0.13 s for the 53 parts of a 50-candidate pack, where pypdf
took 0.9 s). When one piece changes, only its part is laid out again: the others
come from the cache (issue 15.4).

What depends on the whole document is not in the parts:
- **Page furniture** (running header, "page / pages") is one more document of the same page
  count, rendered from `furniture_html(pages)` and cached by its HTML. Each of its pages
  becomes a form XObject drawn over the content page, marked as a pagination artifact (its
  text is not read out twice by screen readers, as WeasyPrint's own page margins are not).
- **Links between parts** (an index entry to a candidate's section): a part links to an
  anchor of another part (`<a href="#x">`) that it also defines itself, as an empty target
  (its `link_targets`: WeasyPrint drops links to anchors it cannot find); the document's
  named destinations are the anchors the parts define for real, so those links lead there.
- **The structure tree** (PDF/UA, issue 16.3): each part's tree is moved below one
  `Document` element in part order, its parent-tree keys and element IDs renumbered so that
  they stay unique; the first part gives the document its language, title and XMP metadata.
- **Bookmarks**: each part's outline in part order.
"""

import hashlib
import io
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from .pdf import render_html_pdf, static_stylesheet

# Rendered parts are kept for as long as anything may still contain them; a part nobody
# uses any more is evicted by the cache's own culling.
PART_CACHE_SECONDS = 30 * 24 * 3600
# Bump when the way parts are rendered changes (WeasyPrint options), not for their HTML.
PART_FORMAT = "1"
FURNITURE_NAME = "/JCFurniture"
# WeasyPrint tags the text of page margins as spans with marked-content ids; in the furniture
# layer those become pagination artifacts.
_MARKED_SPAN = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")


@dataclass(frozen=True)
class PdfPart:
    html: str
    media: tuple[str, ...] = ()
    # Static CSS files it is laid out with (their text is part of its cache key).
    stylesheets: tuple[str, ...] = ()
    # Anchors this part defines only as link targets (its links point elsewhere).
    link_targets: tuple[str, ...] = field(default=())

    @property
    def cache_key(self) -> str:
        digest = hashlib.sha256()
        css = [static_stylesheet(path)[0] for path in self.stylesheets]
        for piece in (PART_FORMAT, self.html, *self.media, *self.stylesheets, *css):
            digest.update(piece.encode())
            digest.update(b"\0")
        return f"pdf-part:{digest.hexdigest()}"


@dataclass
class Assembled:
    pdf: bytes
    pages: int
    rendered: int  # parts laid out by WeasyPrint in this build (the others were cached)
    # The cache keys of the parts it is made of (and of its furniture): a caller whose parts
    # hold personal data deletes them when nothing needs them any more (parts_forget).
    keys: list[str]


def parts_forget(keys: Iterable[str]) -> None:
    """Delete these parts from the cache (their content is gone from every document)."""
    cache.delete_many(list(keys))


def rendered_parts(parts: Sequence[PdfPart]) -> tuple[list[bytes], int]:
    """Each part's PDF, from the cache or rendered (and cached); and how many were rendered."""
    keys = [part.cache_key for part in parts]
    found = cache.get_many(keys)
    fresh: dict[str, bytes] = {}
    font_config = None
    for part, key in zip(parts, keys, strict=True):
        if key not in found and key not in fresh:
            if font_config is None:
                from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- slow

                font_config = FontConfiguration()
            fresh[key] = render_html_pdf(
                part.html,
                media=part.media,
                stylesheets=part.stylesheets,
                font_config=font_config,
            )
    if fresh:
        cache.set_many(fresh, timeout=PART_CACHE_SECONDS)
    return [found.get(key) or fresh[key] for key in keys], len(fresh)


def assemble_parts(
    parts: Sequence[PdfPart],
    *,
    furniture_html: Callable[[int], str],
    furniture_stylesheets: tuple[str, ...] = (),
) -> Assembled:
    """The document of `parts` in order, with the furniture of `furniture_html(page_count)`
    drawn on every page. An anchor a part defines (an element's id) is a destination of the
    whole document, which other parts link to through their `link_targets`."""
    import pikepdf  # noqa: PLC0415 -- slow import, only where PDFs are built

    pdfs, rendered = rendered_parts(parts)
    sources = [pikepdf.Pdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    total = sum(len(source.pages) for source in sources)
    furniture_part = PdfPart(furniture_html(total), stylesheets=furniture_stylesheets)
    (furniture,), furniture_rendered = rendered_parts([furniture_part])
    out = _Assembly()
    for part, source in zip(parts, sources, strict=True):
        out.add(source, placeholders=set(part.link_targets))
    out.draw_furniture(pikepdf.Pdf.open(io.BytesIO(furniture)))
    return Assembled(
        pdf=out.save(),
        pages=total,
        rendered=rendered + furniture_rendered,
        keys=[*(part.cache_key for part in parts), furniture_part.cache_key],
    )


class _Assembly:
    def __init__(self) -> None:
        from pikepdf import Array, Dictionary, Name, Pdf  # noqa: PLC0415 -- slow import

        self.pdf = Pdf.new()
        self.document = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array())
        )
        self.tree = self.pdf.make_indirect(
            Dictionary(Type=Name.StructTreeRoot, K=Array([self.document]))
        )
        self.document.P = self.tree
        self.parent_tree = Array()
        self.next_key = 0
        self.first_pages: list[int] = []
        self.outline: list[tuple[str, int]] = []
        self.destinations: dict[str, Any] = {}

    def _foreign(self, source: Any, value: Any) -> Any:
        from pikepdf import Array, Dictionary, Stream  # noqa: PLC0415 -- slow import

        if isinstance(value, (Dictionary, Array, Stream)):
            return self.pdf.copy_foreign(
                value if value.is_indirect else source.make_indirect(value)
            )
        return value

    def _key(self, old: int, renumbered: dict[int, int]) -> int:
        renumbered[old] = self.next_key
        self.next_key += 1
        return renumbered[old]

    def add(self, source: Any, *, placeholders: set[str]) -> None:
        """Append the pages of `source`, its bookmarks, its named destinations (but for
        `placeholders`, which are other parts') and its structure tree."""
        from pikepdf import Array, NameTree, PageCopyWarning  # noqa: PLC0415 -- slow import

        start = len(self.pdf.pages)
        self.first_pages.append(start)
        pages = list(source.pages)
        index_of = {page.objgen: n for n, page in enumerate(pages)}
        with source.open_outline() as outline:
            for item in outline.root:
                destination = item.destination
                if isinstance(destination, Array) and len(destination):
                    self.outline.append((item.title, start + index_of[destination[0].objgen]))
        destinations = []
        if "/Names" in source.Root and "/Dests" in source.Root.Names:
            for name, destination in NameTree(source.Root.Names.Dests).items():
                if name not in placeholders and isinstance(destination, Array):
                    destinations.append((name, index_of[destination[0].objgen], destination))
        with warnings.catch_warnings():
            # Named destinations are the document's (gathered here), not each part's.
            warnings.simplefilter("ignore", PageCopyWarning)
            self.pdf.pages.extend(pages)
        for name, page_index, destination in destinations:
            self.destinations[name] = Array(
                [self.pdf.pages[start + page_index].obj, *list(destination)[1:]]
            )
        renumbered: dict[int, int] = {}
        for page in self.pdf.pages[start:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = self._key(int(page.obj.StructParents), renumbered)
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = self._key(int(annotation.StructParent), renumbered)
        old_tree = source.Root.StructTreeRoot
        old_document = old_tree.K[0]
        kids = old_document.K
        copies = []
        for kid in list(kids) if isinstance(kids, Array) else [kids]:
            del kid.P  # copied without the part's own root, below the document's
            copies.append(self.pdf.copy_foreign(kid))
            copies[-1].P = self.document
            self.document.K.append(copies[-1])
        nums = old_tree.ParentTree.get("/Nums", ())
        for position in range(0, len(nums), 2):
            old = int(nums[position])
            if old in renumbered:
                self.parent_tree.append(renumbered[old])
                self.parent_tree.append(self._foreign(source, nums[position + 1]))
        _prefix_ids(copies, f"p{len(self.first_pages)}-")
        if start == 0:  # the first part gives the document its language, title, metadata
            for name in ("/Lang", "/ViewerPreferences", "/Metadata"):
                if name in source.Root:
                    self.pdf.Root[name] = self._foreign(source, source.Root[name])
            if "/Title" in source.docinfo:
                self.pdf.docinfo.Title = str(source.docinfo.Title)

    def draw_furniture(self, furniture: Any) -> None:
        """Draw page N of `furniture` over page N of the document, as a pagination artifact."""
        from pikepdf import Array, Dictionary, Name, Stream  # noqa: PLC0415 -- slow import

        for page, sheet in zip(self.pdf.pages, furniture.pages, strict=True):
            data = _MARKED_SPAN.sub(b"/Artifact BMC", sheet.obj.Contents.read_bytes())
            form = Stream(self.pdf, data)
            form.Type = Name.XObject
            form.Subtype = Name.Form
            form.BBox = Array([float(x) for x in sheet.obj.MediaBox])
            form.Resources = self._foreign(furniture, sheet.obj.Resources)
            # A page's own resources: the pages of a part may share theirs.
            resources = Dictionary(dict(page.obj.Resources.items()))
            xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
            xobjects[FURNITURE_NAME] = self.pdf.make_indirect(form)
            resources.XObject = xobjects
            page.obj.Resources = resources
            page.contents_add(Stream(self.pdf, b"q\n"), prepend=True)
            page.contents_add(
                Stream(
                    self.pdf,
                    b"Q\n/Artifact <</Type /Pagination>> BDC q "
                    + FURNITURE_NAME.encode()
                    + b" Do Q EMC\n",
                )
            )

    def save(self) -> bytes:
        from pikepdf import Dictionary, NameTree, OutlineItem  # noqa: PLC0415 -- slow import

        names = NameTree.new(self.pdf)
        for name, destination in self.destinations.items():
            names[name] = destination
        self.pdf.Root.Names = Dictionary(Dests=names.obj)

        self.tree.ParentTree = self.pdf.make_indirect(Dictionary(Nums=self.parent_tree))
        self.tree.ParentTreeNextKey = self.next_key
        self.pdf.Root.StructTreeRoot = self.tree
        self.pdf.Root.MarkInfo = Dictionary(Marked=True)
        with self.pdf.open_outline() as outline:
            for title, page in self.outline:
                outline.root.append(OutlineItem(title, page))
        out = io.BytesIO()
        self.pdf.save(out)
        return out.getvalue()


def _prefix_ids(elements: list[Any], prefix: str) -> None:
    """Make a part's element IDs (table header cells) and the references to them unique
    across the parts, walking the part's copied elements."""
    from pikepdf import Array, Dictionary, String  # noqa: PLC0415 -- slow import

    stack = list(elements)
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        if "/ID" in node:
            node.ID = String(prefix.encode() + bytes(node.ID))
        attributes = node.get("/A")
        for attribute in attributes if isinstance(attributes, Array) else [attributes]:
            if isinstance(attribute, Dictionary) and "/Headers" in attribute:
                attribute.Headers = Array(
                    String(prefix.encode() + bytes(header)) for header in attribute.Headers
                )
        children = node.get("/K")
        stack.extend(children if isinstance(children, Array) else [children])
