"""Checks on what candidates upload and type. Shared by forms, the API and services."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CV_MAX_BYTES = 5 * 1024 * 1024


def validate_cv(upload) -> None:
    """A CV must be a real PDF (by content, not by name) of at most 5 MB that parses."""
    size = getattr(upload, "size", None)
    if size is not None and size > CV_MAX_BYTES:
        raise ValidationError(
            _("The CV is %(size).1f MB; the limit is 5 MB.") % {"size": size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(
            _("The CV must be a PDF file. This file is not a PDF, whatever its name says."),
            code="not_pdf",
        )
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        data = upload.read()
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) == 0:
            raise ValidationError(_("The PDF has no pages."), code="empty_pdf")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            _("The PDF could not be read; it may be damaged. Export it again and retry."),
            code="broken_pdf",
        ) from error
    finally:
        upload.seek(0)


def validate_children_ages(value) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(age, int) and 0 <= age <= 25 for age in value
    ):
        raise ValidationError(
            _("Children's ages must be whole numbers from 0 to 25."), code="children_ages"
        )
    return value
