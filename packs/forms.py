"""The employer's mark on a candidate in their pack: meeting wish and private note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from itineraries.forms import wish_field, wish_level


class PackMarkForm(forms.Form):
    wish = wish_field(_("Meeting wish"))
    note = forms.CharField(
        label=_("Private note (only your organisation sees it)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def level(self) -> str | None:
        return wish_level(self.cleaned_data["wish"])
