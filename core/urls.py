from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import path, reverse

from . import views_account
from .forms import EmailAuthenticationForm, PasswordResetForm
from .roles import landing_url
from .two_factor import session_two_factor_recheck, two_factor_enabled


class LoginView(auth_views.LoginView):
    """Django's login, landing on the person's own dashboard when no `next` page was asked.
    Someone with an authenticator app is not logged in yet: the code step comes next
    (`views_account.login_code`), keeping `next`."""

    authentication_form = EmailAuthenticationForm

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor_enabled(user):
            response = super().form_valid(form)
            # Whether this login needs the second step is asked afresh (the middleware).
            session_two_factor_recheck(self.request)
            return response
        views_account.login_pending_set(self.request, user)
        next_url = self.get_redirect_url()
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse("login_code") + query)

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


urlpatterns = [
    path(
        "login/",
        LoginView.as_view(),
        name="login",
    ),
    path("login/code/", views_account.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views_account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
