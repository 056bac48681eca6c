"""The billing details' checks: bankgiro, plusgiro, IBAN, BIC, VAT number, Luhn."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import luhn_check_digit, luhn_valid
from events.validators import (
    normalize_bankgiro,
    normalize_bic,
    normalize_iban,
    normalize_plusgiro,
    normalize_vat_number,
)


def test_luhn_check_digit_counts_from_the_right():
    assert luhn_check_digit("123456789") == "7"  # 1234567897, the textbook example
    assert luhn_check_digit("556036079") == "3"  # 556036-0793
    assert luhn_check_digit("12") == "5"  # odd and even lengths alike
    assert luhn_valid("1234567897")
    assert not luhn_valid("1234567898")
    assert not luhn_valid("7")


@pytest.mark.parametrize(
    ("normalize", "raw", "printed"),
    [
        (normalize_bankgiro, "5050-1055", "5050-1055"),
        (normalize_bankgiro, "50501055", "5050-1055"),
        (normalize_bankgiro, "991-2346", "991-2346"),
        (normalize_plusgiro, "90 20 03-3", "902003-3"),
        (normalize_plusgiro, "4-2", "4-2"),
        (normalize_iban, "se45 5000 0000 0583 9825 7466", "SE45 5000 0000 0583 9825 7466"),
        (normalize_iban, "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32"),
        (normalize_bic, "esse se ss", "ESSESESS"),
        (normalize_bic, "HANDSESSXXX", "HANDSESSXXX"),
        (normalize_vat_number, "se 556036-0793 01", "SE556036079301"),
    ],
)
def test_valid_billing_numbers_are_written_as_printed(normalize, raw, printed):
    assert normalize(raw) == printed


@pytest.mark.parametrize(
    ("normalize", "raw", "code"),
    [
        (normalize_bankgiro, "5050-1056", "check_digit"),
        (normalize_bankgiro, "50-1055", "format"),
        (normalize_bankgiro, "5050-10556", "format"),
        (normalize_plusgiro, "90 20 03-4", "check_digit"),
        (normalize_plusgiro, "123456789", "format"),
        (normalize_iban, "SE45 5000 0000 0583 9825 7467", "check_digit"),
        (normalize_iban, "5000 0000 0583 9825 7466", "format"),
        (normalize_bic, "ESSE", "format"),
        (normalize_vat_number, "SE556036079401", "check_digit"),
        (normalize_vat_number, "SE5560360793", "format"),
        (normalize_vat_number, "DE556036079301", "format"),
    ],
)
def test_wrong_billing_numbers_are_refused_with_a_reason(normalize, raw, code):
    with pytest.raises(ValidationError) as error:
        normalize(raw)
    assert error.value.code == code
