from django.contrib import admin
from django.urls import include, path

from candidates.views import candidate_signup
from employers import checkout_views
from employers.views import employer_signup, invoice_pdf_view

from .api import api

urlpatterns = [
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
    path("i18n/", include("django.conf.urls.i18n")),
    # Signing up is each role's own page; logging in and passwords are core's.
    path("accounts/signup/candidate/", candidate_signup, name="signup_candidate"),
    path("accounts/signup/employer/", employer_signup, name="signup_employer"),
    path("accounts/", include("core.urls")),
    path("", include("backoffice.urls")),
    path("employer/", include("employers.urls")),
    path("", include("itineraries.urls")),
    path("", include("candidates.urls")),
    path("", include("packs.urls")),
    path("", include("events.urls")),
]
