"""Production: base settings with DEBUG off and the secrets required.

`config.wsgi` and `config.asgi` default to these settings, so a server started as the README
shows can never run with DEBUG on (development is `manage.py`'s default, `base`).
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("EMAIL_BACKEND", "smtp")  # console mail is for development only

from .base import *  # noqa: E402,F403
from .base import DEBUG  # noqa: E402

if DEBUG:
    raise ImproperlyConfigured(
        "config.settings.production never runs with DEBUG on: unset DEBUG (or use "
        "manage.py, whose default is the development settings)."
    )
