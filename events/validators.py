"""An organisation's billing details: bankgiro, plusgiro, IBAN, BIC and VAT number.

Each `normalize_*` returns the value in the form printed on invoices, or raises
ValidationError with a message for the organiser typing it; `validate_*` are the model
field validators.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.validators import luhn_valid, normalize_org_number


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def normalize_bankgiro(value: str) -> str:
    """Seven or eight digits, the last a Luhn check digit: NNN-NNNN or NNNN-NNNN."""
    digits = _digits(value)
    if not (digits.isdigit() and len(digits) in (7, 8)):
        raise ValidationError(
            _("Enter the bankgiro number as seven or eight digits, e.g. 5050-1055."),
            code="format",
        )
    if not luhn_valid(digits):
        raise ValidationError(
            _("The bankgiro number's check digit is wrong. Check for typos."), code="check_digit"
        )
    return f"{digits[:-4]}-{digits[-4:]}"


def normalize_plusgiro(value: str) -> str:
    """Two to eight digits, the last a Luhn check digit: written NNNNNN-N."""
    digits = _digits(value)
    if not (digits.isdigit() and 2 <= len(digits) <= 8):
        raise ValidationError(
            _("Enter the plusgiro number as two to eight digits, e.g. 90 20 03-3."),
            code="format",
        )
    if not luhn_valid(digits):
        raise ValidationError(
            _("The plusgiro number's check digit is wrong. Check for typos."), code="check_digit"
        )
    return f"{digits[:-1]}-{digits[-1]}"


def normalize_iban(value: str) -> str:
    """An IBAN (ISO 13616: country, two check digits, up to 30 letters and digits, mod 97 = 1),
    printed in groups of four: SE45 5000 0000 0583 9825 7466."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        raise ValidationError(
            _("Enter the IBAN with its country code, e.g. SE45 5000 0000 0583 9825 7466."),
            code="format",
        )
    rearranged = compact[4:] + compact[:4]
    if int("".join(str(int(char, 36)) for char in rearranged)) % 97 != 1:
        raise ValidationError(
            _("The IBAN's check digits are wrong. Check for typos."), code="check_digit"
        )
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def normalize_bic(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    if not re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?", compact):
        raise ValidationError(
            _("Enter the BIC (SWIFT code) as 8 or 11 letters and digits, e.g. ESSESESS."),
            code="format",
        )
    return compact


def normalize_vat_number(value: str) -> str:
    """A Swedish VAT number: SE, the ten digits of the organisation number, 01."""
    compact = re.sub(r"[\s-]", "", value or "").upper()
    match = re.fullmatch(r"SE(\d{10})01", compact)
    if not match:
        raise ValidationError(
            _("Enter the VAT number as SE, the organisation number and 01: SE556036079301."),
            code="format",
        )
    try:
        normalize_org_number(match.group(1))
    except ValidationError:
        raise ValidationError(
            _("The organisation number in the VAT number has a wrong check digit."),
            code="check_digit",
        ) from None
    return compact


def validate_bankgiro(value: str) -> None:
    normalize_bankgiro(value)


def validate_plusgiro(value: str) -> None:
    normalize_plusgiro(value)


def validate_iban(value: str) -> None:
    normalize_iban(value)


def validate_bic(value: str) -> None:
    normalize_bic(value)


def validate_vat_number(value: str) -> None:
    normalize_vat_number(value)


def validate_org_number(value: str) -> None:
    normalize_org_number(value)
