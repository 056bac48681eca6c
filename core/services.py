from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User


def user_create(
    *, email: str, password: str | None, full_name: str = "", language: str = "sv"
) -> User:
    """Create a login. The caller checks that the email is free (forms do, with a message)."""
    return User.objects.create_user(
        email=email, password=password, full_name=full_name, language=language
    )


def api_token_create(*, user: User) -> tuple[ApiToken, str]:
    """Create a bearer token; returns the row and the secret, which is shown only this once."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, key_hash=ApiToken.hash_key(key), prefix=key[: len(key) // 4][:12]
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_language_set(*, user: User, language: str) -> User:
    """Remember the language the person reads in (emails, PDFs and calendars follow it)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
