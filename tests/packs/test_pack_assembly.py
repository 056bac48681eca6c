"""A pack's PDF is assembled from parts (issue 15.4): one candidate's change lays out only the
part that shows them again, and the assembled document still reads as one — page numbers
running through, bookmarks and index entries leading to each candidate's page, one structure
tree in reading order for screen readers."""

import io

import pytest
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from backoffice.erasure import person_erase
from candidates.consents import consent_set
from candidates.models import Application
from candidates.services import candidate_profile_update
from packs.documents import candidate_groups, pack_pdf
from packs.models import PackDocument, PackKind
from packs.selectors import PackAccess, pack_context

from ..itineraries.conftest import make_item
from .test_packs import booked, consenting, download, pack_trip  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db

NAMES = [f"Kandidat {n:02d}" for n in range(24)]


@pytest.fixture
def crowded(pack_trip):  # noqa: F811 -- the fixture above
    make_item(pack_trip, title="Skidåkning i Åre")  # a programme: a table with header cells
    return [consenting(pack_trip, name, headline="Undersköterska") for name in NAMES]


@pytest.fixture
def downloaded(client, pack_trip, booked, crowded, django_capture_on_commit_callbacks):  # noqa: F811
    """The crowded pack as its employer downloads it (built by the queued task)."""
    client.force_login(booked)

    def fetch() -> bytes:
        return download(client, pack_trip, django_capture_on_commit_callbacks)[0]

    return fetch


def access_of(user) -> PackAccess:
    return PackAccess(kind=PackKind.EMPLOYER, employer=user.employer_memberships.get().employer)


def employer_pack(trip, user):
    with translation.override("sv"):
        return pack_pdf(pack_context(trip, access_of(user)))


def page_of_heading(reader: PdfReader, name: str) -> int:
    """The page whose text has `name` as a candidate's section (their experience beside it)."""
    pages = [
        n
        for n, page in enumerate(reader.pages)
        if name in (text := page.extract_text()) and ("Erfarenhet" in text or "Experience" in text)
    ]
    assert len(pages) == 1, (name, pages)
    return pages[0]


def test_one_candidates_change_lays_out_only_their_group_and_the_index_again(
    pack_trip,  # noqa: F811
    booked,  # noqa: F811
    crowded,
):
    first = employer_pack(pack_trip, booked)
    groups = candidate_groups(pack_context(pack_trip, access_of(booked))["sections"])
    assert len(NAMES) > len(groups) > 1  # the candidates come in groups
    assert first.rendered == 3 + len(groups) + 1  # everything, and the page furniture

    candidate_profile_update(candidate=crowded[5], actor=None, headline="Barnmorska")
    second = employer_pack(pack_trip, booked)
    # Their group, and the index that lists their headline; the cover only when the minute
    # it says it was prepared in has changed meanwhile.
    assert second.rendered in (2, 3)
    reader = PdfReader(io.BytesIO(second.pdf))
    page = reader.pages[page_of_heading(reader, NAMES[5])].extract_text()
    assert "Barnmorska" in page
    assert "Undersköterska" in reader.pages[page_of_heading(reader, NAMES[6])].extract_text()

    # An edit that the pack does not show lays nothing out again but the cover (its time).
    candidate_profile_update(candidate=crowded[7], actor=None, city="Umeå")
    assert employer_pack(pack_trip, booked).rendered <= 1


def test_a_candidate_leaving_changes_their_group_not_the_others(
    pack_trip,  # noqa: F811
    booked,  # noqa: F811
    crowded,
):
    employer_pack(pack_trip, booked)
    consent_set(
        candidate=crowded[10], purpose="share_trip", trip=pack_trip, granted=False, via="web"
    )
    after = employer_pack(pack_trip, booked)
    # Their group, the index, the programme part (its links to them), the cover (the count),
    # the furniture when the page count changed: never all the groups.
    assert after.rendered <= 5
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(after.pdf)).pages)
    assert NAMES[10] not in text
    assert NAMES[11] in text


def test_page_numbers_run_through_the_assembled_pack(downloaded):
    pdf = downloaded()
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"{number} / {total}" in text, number
        if number > 1:  # the running header, on every page but the cover
            assert "IT-resan Åre" in text and "Candidate pack for Fjällkraft AB" in text


def test_bookmarks_and_index_entries_lead_to_each_candidates_page(downloaded, pack_trip):  # noqa: F811
    pdf = downloaded()
    reader = PdfReader(io.BytesIO(pdf))
    bookmarks = {
        item.title: reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }
    destinations = {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    }
    index_links = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", ()):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                assert str(annotation["/Dest"]) in destinations
                index_links += 1
    assert index_links >= len(NAMES)  # the index links every candidate
    anchors = {
        f"candidate-{pk}": name
        for pk, name in Application.objects.filter(trip=pack_trip).values_list(
            "pk", "candidate__name"
        )
    }
    for anchor, name in anchors.items():
        page = page_of_heading(reader, name)
        assert bookmarks[name] == page
        assert destinations[anchor] == page


def _walk(element, seen=None):
    seen = seen if seen is not None else set()
    element = element.get_object()
    if not isinstance(element, DictionaryObject) or id(element) in seen:
        return
    seen.add(id(element))
    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object"):
            yield from _walk(kid, seen)


def test_the_assembled_structure_tree_is_one_consistent_tree(downloaded):
    """What a screen reader follows: one Document element with every part's elements in
    order, each page's marked content found through the parent tree, each link annotation
    its Link element's object, and element IDs (table header cells) unique."""
    pdf = downloaded()
    reader = PdfReader(io.BytesIO(pdf))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    (document,) = tree["/K"]
    assert document.get_object()["/S"] == "/Document"
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    keys = []
    for page in reader.pages:
        keys.append(int(page["/StructParents"]))
        assert isinstance(parents[keys[-1]], list)  # the page's marked content's elements
        for annotation in page.get("/Annots", ()):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                link = parents[int(annotation["/StructParent"])]
                assert link["/S"] == "/Link"
                kids = link["/K"] if isinstance(link["/K"], list) else [link["/K"]]
                objects = [k.get_object() for k in kids]
                assert any(
                    isinstance(o, dict) and o.get("/Obj") == annotation.indirect_reference
                    for o in objects
                )
    assert len(keys) == len(set(keys))
    ids = [str(e["/ID"]) for e in _walk(document) if "/ID" in e]
    assert ids and len(ids) == len(set(ids))


def cached_parts(trip) -> dict[str, bytes]:
    """The cached parts the trip's packs are made of."""
    documents = PackDocument.objects.filter(trip=trip)
    keys = {key for keys in documents.values_list("part_keys", flat=True) for key in keys}
    return cache.get_many(list(keys))


def test_a_withdrawn_candidates_profile_leaves_the_cache_with_the_pack(
    downloaded,
    pack_trip,  # noqa: F811
    crowded,
    django_capture_on_commit_callbacks,
):
    downloaded()
    before = cached_parts(pack_trip)
    assert len(before) > 3
    with django_capture_on_commit_callbacks(execute=True):
        consent_set(
            candidate=crowded[3], purpose="share_trip", trip=pack_trip, granted=False, via="web"
        )
    pdf = downloaded()
    assert NAMES[3] not in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    after = cached_parts(pack_trip)
    gone = set(before) - set(after)
    assert gone  # their group, the index, the cover that counted them
    assert not cache.get_many(list(gone))  # deleted, not merely unused


def test_erasing_a_person_deletes_the_cached_parts_of_their_trips_packs(
    downloaded,
    pack_trip,  # noqa: F811
    crowded,
):
    downloaded()
    before = cached_parts(pack_trip)
    assert before
    person_erase(user=crowded[4].user, via="web")
    assert not cache.get_many(list(before))
    assert not cached_parts(pack_trip)


def test_a_changed_stylesheet_lays_every_part_out_again(
    pack_trip,  # noqa: F811
    booked,  # noqa: F811
    crowded,
    settings,
    tmp_path,
):
    """A deployment that changes the pack's CSS must not assemble parts laid out with the
    old one (the cache keys its parts by their stylesheets' text too)."""
    from django.contrib.staticfiles import finders

    first = employer_pack(pack_trip, booked)
    (tmp_path / "css").mkdir()
    original = (settings.BASE_DIR / "static" / "css" / "pack-parts.css").read_text()
    (tmp_path / "css" / "pack-parts.css").write_text(original + "\nh2 { color: #7a1f1f; }\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        again = employer_pack(pack_trip, booked)
    finally:
        finders.get_finder.cache_clear()
    # Every part; not the furniture, which is laid out with pack-print.css alone.
    assert again.rendered == first.rendered - 1 == len(again.keys) - 1
