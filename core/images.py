"""Uploaded images (employers' and organisations' logos): checked by their content, never by
their name, when uploaded and again when served."""

import warnings

from django import forms
from django.utils.translation import gettext_lazy as _

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000  # well above any logo, well below a decompression bomb
# Pillow's format name → the content type the logo is served with.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def validate_logo(file) -> str:
    """Check an uploaded logo by its content, not its name: at most 2 MB, and an image Pillow
    can open and verify whose real format is PNG, JPEG or WebP. Returns that format.

    Raises ValidationError with a message for the person uploading.
    """

    from PIL import Image, UnidentifiedImageError

    if file.size > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s MB; a logo may be at most 2 MB.")
            % {"size": f"{file.size / (1024 * 1024):.1f}"},
            code="too_large",
        )
    not_an_image = forms.ValidationError(
        _("This file is not a PNG, JPEG or WebP image (whatever its name says)."),
        code="not_an_image",
    )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                image.verify()  # reads the whole file: catches truncated and corrupt images
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise not_an_image from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise not_an_image from error
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise forms.ValidationError(
            _("This is a %(format)s image; upload a PNG, JPEG or WebP.")
            % {"format": image_format or _("unknown")},
            code="wrong_format",
        )
    if width * height > LOGO_MAX_PIXELS:
        raise forms.ValidationError(
            _("The image is %(w)d × %(h)d pixels; that is too large for a logo.")
            % {"w": width, "h": height},
            code="too_many_pixels",
        )
    return image_format


# The first bytes of each format we accept (checked again when serving: never trust a name).
_LOGO_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def logo_content_type(head: bytes) -> str | None:
    """The content type of a stored logo from its first 16 bytes, or None if it is not a PNG,
    JPEG or WebP image."""
    for signature, content_type in _LOGO_SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
