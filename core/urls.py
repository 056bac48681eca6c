from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import EmailAuthenticationForm, PasswordResetForm
from .roles import landing_url


class LoginView(auth_views.LoginView):
    """Django's login, landing on the person's own dashboard when no `next` page was asked."""

    authentication_form = EmailAuthenticationForm

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


urlpatterns = [
    path(
        "login/",
        LoginView.as_view(),
        name="login",
    ),
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
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
