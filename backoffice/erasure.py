"""Erasing a person's data (issue 14.3). Interface fixed for the other privacy work; the
body is being written on the `p-erase` branch."""

from core.models import Erasure, User


def person_erase(*, user: User, via: str, actor: User | None = None, reason: str = "") -> Erasure:
    """Erase or anonymise everything we hold about `user`, keeping statistics and financial
    records without the person. Returns the `Erasure` record."""
    raise NotImplementedError
