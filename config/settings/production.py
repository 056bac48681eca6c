"""Production: base settings with DEBUG off by default and the secrets required."""

import os

os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402,F403
