"""Amounts as people read them: one helper, one template filter."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.money import format_amount

NB = "\u00a0"


@pytest.mark.parametrize(
    ("ore", "sv", "en"),
    [
        (1_200_000, f"12{NB}000{NB}kr", f"SEK{NB}12,000"),
        (1_200_050, f"12{NB}000,50{NB}kr", f"SEK{NB}12,000.50"),
        (5, f"0,05{NB}kr", f"SEK{NB}0.05"),
        (0, f"0{NB}kr", f"SEK{NB}0"),
        (123_456_789_00, f"123{NB}456{NB}789{NB}kr", f"SEK{NB}123,456,789"),
        (-375_000, f"\u22123{NB}750{NB}kr", f"\u2212SEK{NB}3,750"),
    ],
)
def test_format_amount_in_swedish_and_english(ore, sv, en):
    assert format_amount(ore, language="sv") == sv
    assert format_amount(ore, language="en") == en


def test_format_amount_follows_the_active_language():
    with translation.override("sv"):
        assert format_amount(1_500_000) == f"15{NB}000{NB}kr"
    with translation.override("en"):
        assert format_amount(1_500_000) == f"SEK{NB}15,000"


def test_kr_filter():
    template = Template("{% load money %}[{{ a|kr }}][{{ b|kr }}]")
    with translation.override("sv"):
        assert template.render(Context({"a": 1_250_050, "b": None})) == f"[12{NB}500,50{NB}kr][]"
