"""Production: base settings with DEBUG off by default and the secrets required."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("EMAIL_BACKEND", "smtp")  # console mail is for development only

from .base import *  # noqa: E402,F403
