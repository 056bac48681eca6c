import warnings

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccountForm
from events.models import Organisation, Sector

from .models import EmploymentType
from .validators import normalize_org_number


class EmployerSignUpForm(AccountForm):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        help_text=_("Ten digits, e.g. 556036-0793."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Register with"),
        queryset=Organisation.objects.all(),
        empty_label=_("Choose an organiser"),
        help_text=_("The organiser whose trips you want to join; they approve your account."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors you recruit in"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )

    def clean_org_number(self) -> str:
        # Raises a ValidationError with a message for a wrong format or check digit.
        return normalize_org_number(self.cleaned_data["org_number"])


# --- Employer dashboard ---------------------------------------------------------------------

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


class EmployerProfileForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    description = forms.CharField(
        label=_("About the company"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you do, where you are, what it is like to work with you."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors you recruit in"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        error_messages={
            "required": _("Choose an image file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        validate_logo(logo)
        return logo


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    full_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Used if they have no account yet."),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class HiringNeedForm(forms.Form):
    role_title = forms.CharField(label=_("Role"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("Choose a sector")
    )
    positions = forms.IntegerField(label=_("Number of positions"), min_value=1, max_value=999)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def for_need(cls, need, data=None):
        initial = {
            "role_title": need.role_title,
            "sector": need.sector_id,
            "positions": need.positions,
            "employment_type": need.employment_type,
            "description": need.description,
        }
        return cls(data, initial=initial)


class MarkRefundDoneForm(forms.Form):
    reference = forms.CharField(label=_("Refund reference"), max_length=255, required=False)


class MarkPaidForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=200, required=False)


class BookingConfirmForm(forms.Form):
    """What an invoice booking's invoice should say about the employer (both optional)."""

    po_reference = forms.CharField(
        label=_("Purchase order reference"),
        max_length=100,
        required=False,
        help_text=_("Your order or reference number, if your accounts need one on the invoice."),
    )
    invoice_address = forms.CharField(
        label=_("Invoice address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Department, street, postcode and town."),
    )

    def clean_invoice_address(self) -> str:
        lines = self.cleaned_data["invoice_address"].splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())
