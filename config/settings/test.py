"""Test settings: the same as base, with fast hashing, in-memory email and inline tasks."""

from .base import *  # noqa: F403
from .base import VAR_DIR

STORAGES = {**STORAGES}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"
# In memory, emptied before each test (tests/conftest.py); which backend production uses is
# tested on `base.cache_settings`. As many entries as a feed of thousands of events needs.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# 4xx answers are what many tests expect; keep their log lines out of the output.
LOGGING = {  # noqa: F405
    **LOGGING,  # noqa: F405
    "loggers": {**LOGGING["loggers"], "django.request": {"level": "ERROR"}},  # noqa: F405
}
