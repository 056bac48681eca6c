"""Checks on what candidates upload and type. Shared by forms, the API and services."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CV_MAX_BYTES = 5 * 1024 * 1024
# A CV has a few hundred PDF objects; anything far beyond that is not worth parsing.
CV_MAX_OBJECTS = 20_000
# Names that make a PDF viewer run something: JavaScript, actions on opening a document or a
# page (or other events), launching programs.
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch"})
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})


class _TooComplex(Exception):
    pass


def validate_cv(upload) -> None:
    """A CV must be a real PDF (by content, not by name) of at most 5 MB that parses, opens
    without a password, and carries no JavaScript or automatic actions.

    pypdf reads untrusted bytes here: any error it raises means the file cannot be read."""
    size = getattr(upload, "size", None)
    if size is not None and size > CV_MAX_BYTES:
        raise _too_large(size)
    upload.seek(0)
    data = upload.read(CV_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > CV_MAX_BYTES:
        raise _too_large(len(data))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("The CV must be a PDF file. This file is not a PDF, whatever its name says."),
            code="not_pdf",
        )
    try:
        problem = _pdf_problem(data)
    except _TooComplex:
        problem = "complex_pdf"
    except Exception as error:  # pypdf on crafted input: RecursionError, OverflowError, …
        raise ValidationError(
            _("The PDF could not be read; it may be damaged. Export it again and retry."),
            code="broken_pdf",
        ) from error
    if problem is not None:
        raise ValidationError(_PROBLEMS[problem](), code=problem)


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("The CV is %(size).1f MB; the limit is 5 MB.") % {"size": size / 1024 / 1024},
        code="too_large",
    )


_PROBLEMS = {
    "empty_pdf": lambda: _("The PDF has no pages."),
    "encrypted_pdf": lambda: _(
        "The PDF is protected with a password. Save it without a password and retry."
    ),
    "active_pdf": lambda: _(
        "The PDF contains JavaScript or actions that run when it is opened. "
        "Export or print it again as a plain PDF and retry."
    ),
    "complex_pdf": lambda: _(
        "The PDF is too complex to check. Export it again as a simpler PDF and retry."
    ),
}


def _pdf_problem(data: bytes) -> str | None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        return "encrypted_pdf"
    if len(reader.pages) == 0:
        return "empty_pdf"
    return "active_pdf" if _has_active_content(reader) else None


def _has_active_content(reader) -> bool:
    """Whether any object reachable from the trailer names JavaScript or an automatic action.
    Iterative (no recursion on deep structures) and bounded by CV_MAX_OBJECTS."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    containers = (IndirectObject, DictionaryObject, ArrayObject)
    stack, seen, visited = [reader.trailer], set(), 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        visited += 1
        if visited > CV_MAX_OBJECTS:
            raise _TooComplex
        if isinstance(obj, DictionaryObject):
            action = obj.get("/S")
            action = action.get_object() if isinstance(action, IndirectObject) else action
            if _ACTIVE_KEYS.intersection(obj.keys()) or action in _ACTIVE_ACTIONS:
                return True
            stack.extend(v for v in obj.values() if isinstance(v, containers))
        elif isinstance(obj, ArrayObject):
            stack.extend(v for v in obj if isinstance(v, containers))
    return False


def validate_children_ages(value) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(age, int) and 0 <= age <= 25 for age in value
    ):
        raise ValidationError(
            _("Children's ages must be whole numbers from 0 to 25."), code="children_ages"
        )
    return value
