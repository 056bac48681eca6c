import pytest
from django.core.exceptions import ValidationError

from employers.validators import luhn_valid, normalize_org_number


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("556036-0793", "556036-0793"),  # a real, published number
        ("5560360793", "556036-0793"),
        ("16556036-0793", "556036-0793"),
        (" 212000-2742 ", "212000-2742"),
    ],
)
def test_valid_numbers_are_normalised(raw, normalised):
    assert normalize_org_number(raw) == normalised


@pytest.mark.parametrize("raw", ["556036-0794", "5560360790", "212000-2741"])
def test_wrong_check_digit_is_refused_with_a_clear_message(raw):
    with pytest.raises(ValidationError) as error:
        normalize_org_number(raw)
    assert error.value.code == "check_digit"
    assert "check digit" in error.value.messages[0]


@pytest.mark.parametrize("raw", ["", "55603-0793", "abcdef-ghij", "556036-07931", "17556036-0793"])
def test_malformed_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as error:
        normalize_org_number(raw)
    assert error.value.code == "format"


def test_luhn():
    assert luhn_valid("5560360793")
    assert not luhn_valid("5560360792")
