"""CV uploads: real PDFs only, and crafted ones are a clear form error, never a 500."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.validators import validate_cv


def build_pdf(objects: list[bytes], *, trailer: bytes = b"", startxref: int | None = None) -> bytes:
    """A PDF written by hand (object 1 is the catalogue), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % (xref if startxref is None else startxref)
    return bytes(out)


def one_page(*, catalog: bytes = b"", page: bytes = b"", extra=(), **kwargs) -> bytes:
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>" % page,
            *extra,
        ],
        **kwargs,
    )


def deep_page_tree(levels: int) -> bytes:
    nodes = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 1) for n in range(2, levels + 2)]
    return build_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", *nodes, b"<< /Type /Page /MediaBox [0 0 9 9] >>"]
    )


def written_by_pypdf(**encrypt) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(**encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def code_of(data: bytes) -> str | None:
    try:
        validate_cv(SimpleUploadedFile("cv.pdf", data, content_type="application/pdf"))
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(deep_page_tree(150), id="page-tree-150-levels"),
        pytest.param(deep_page_tree(3000), id="page-tree-3000-levels"),
        pytest.param(
            one_page(extra=[b"<< /Filter /Unknown /V 9 /R 9 >>"], trailer=b"/Encrypt 4 0 R "),
            id="unknown-encryption",
        ),
        pytest.param(one_page(startxref=10**30), id="huge-startxref"),
        pytest.param(one_page(startxref=2**63), id="startxref-2**63"),
        pytest.param(one_page(page=b"/X " + b"[" * 5000 + b"]" * 5000 + b" "), id="deep-arrays"),
        pytest.param(b"%PDF-1.7\n garbage", id="garbage"),
    ],
)
def test_crafted_pdfs_are_refused_as_unreadable(data):
    assert code_of(data) == "broken_pdf"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            one_page(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
            id="open-action-javascript",
        ),
        pytest.param(one_page(catalog=b"/OpenAction [3 0 R /Fit] "), id="open-action-goto"),
        pytest.param(one_page(page=b"/AA << /O << /S /Launch /F (calc.exe) >> >> "), id="page-aa"),
        pytest.param(
            # #61 is "a": the name /JavaScript, hex-escaped, in the document's name tree.
            one_page(
                catalog=b"/Names << /J#61vaScript 4 0 R >> ",
                extra=[b"<< /Names [(x) 5 0 R] >>", b"<< /S /JavaScript /JS (x) >>"],
            ),
            id="names-javascript-hex-escaped",
        ),
        pytest.param(
            one_page(
                page=b"/Annots [4 0 R] ",
                extra=[
                    b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A 5 0 R >>",
                    b"<< /S 6 0 R /JS (x) >>",
                    b"/JavaScript",
                ],
            ),
            id="link-annotation-javascript",
        ),
    ],
)
def test_pdfs_with_javascript_or_automatic_actions_are_refused(data):
    assert code_of(data) == "active_pdf"


def test_a_pdf_that_needs_a_password_is_refused():
    assert code_of(written_by_pypdf(user_password="hemligt", algorithm="RC4-128")) == (
        "encrypted_pdf"
    )


def test_a_pdf_with_only_an_owner_password_is_accepted():
    # Opens without a password (only printing or copying is restricted), so it can be checked.
    data = written_by_pypdf(user_password="", owner_password="ägare", algorithm="RC4-128")
    assert code_of(data) is None


def test_a_file_must_start_with_the_pdf_header():
    assert code_of(b"Hej!\n" + written_by_pypdf()) == "not_pdf"


def test_plain_pdfs_and_links_are_accepted():
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://a.se) >> >>"
    assert code_of(written_by_pypdf()) is None
    assert code_of(one_page(page=b"/Annots [4 0 R] ", extra=[link])) is None


def test_too_many_objects_is_refused_as_too_complex():
    extra = [b"[%d 0 R]" % (n + 1) for n in range(4, 20_010)] + [b"1"]
    assert code_of(one_page(page=b"/X 4 0 R ", extra=extra)) == "complex_pdf"
