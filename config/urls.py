from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from candidates.views import candidate_signup
from core import views as core_views
from employers import checkout_views
from employers.views import employer_signup, invoice_pdf_view, job_list

from .api import api


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says. (Resolved per request: with the
    manifest storage the hashed name is known only after collectstatic.)"""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("payments/stripe/webhook", checkout_views.stripe_webhook, name="stripe_webhook"),
    path(
        "bookings/<int:booking_id>/paid/",
        checkout_views.booking_success,
        name="booking_success",
    ),
    path(
        "bookings/<int:booking_id>/checkout-cancelled/",
        checkout_views.booking_cancelled_checkout,
        name="booking_cancelled_checkout",
    ),
    # Invoices and credit notes: their employer's members and organisers (not /employer/).
    path("invoices/<int:pk>.pdf", invoice_pdf_view, name="invoice_pdf"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    # Signing up is each role's own page; logging in and passwords are core's.
    path("accounts/signup/candidate/", candidate_signup, name="signup_candidate"),
    path("accounts/signup/employer/", employer_signup, name="signup_employer"),
    path("accounts/", include("core.urls")),
    path("account/", include("core.urls_account")),
    # The public list of open roles (employers' own pages are below /employer/).
    path("jobs/", job_list, name="job_list"),
    path("manage/insights/", include("insights.urls")),
    path("", include("backoffice.urls")),
    path("followup/", include("followup.urls_cases")),
    path("followup/", include("followup.urls_tasks")),
    path("", include("followup.urls_outcomes")),
    path("employer/", include("employers.urls")),
    path("", include("itineraries.urls")),
    path("", include("candidates.urls")),
    path("", include("packs.urls")),
    path("", include("events.urls")),
]

handler400 = "core.errorpages.bad_request"
