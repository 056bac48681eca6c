"""Bench-only settings: the project's base settings, DEBUG off, on a throwaway database: a
SQLite file, or with DATABASE_URL at PostgreSQL a database of its own on that server.

Used only by bench/run.py. The database is deleted and migrated afresh on every run, so the
development database (var/db.sqlite3 or DATABASE_URL) is never touched.
"""

import copy
import os

import dj_database_url

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, TEMPLATES, VAR_DIR

# DEBUG off so that timing is not inflated by query logging and debug-only code paths.
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "bench.urls"

# The test client speaks plain HTTP: production's HTTPS redirect would answer every request
# with a 301. The non-manifest static storage needs no collectstatic run.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

BENCH_DATABASE = VAR_DIR / "bench.sqlite3"
# BENCH_DATABASE_URL (e.g. a PostgreSQL database made for benchmarks) replaces the SQLite
# file: it is migrated, never deleted (bench/insights.py reuses its data).
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BENCH_DATABASE,
        # The same connection options as the development SQLite database in base settings.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}

# Without it, a DATABASE_URL at PostgreSQL (as `.ci/run` and deployments set it) makes `make
# bench` run on that server too, in a database of its own, the URL's name + "_bench", dropped
# and made afresh on every run like the SQLite file (bench/run.py): the database DATABASE_URL
# names is never touched.
BENCH_FRESH_POSTGRES = False
_database_url = os.environ.get("DATABASE_URL", "")

if BENCH_DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(BENCH_DATABASE_URL)}
elif _database_url.startswith(("postgres://", "postgresql://")):
    DATABASES = {"default": dj_database_url.parse(_database_url)}
    DATABASES["default"]["NAME"] = f"{DATABASES['default']['NAME']}_bench"
    BENCH_FRESH_POSTGRES = True

# Fallback templates come *after* the project's: a real template always wins.
TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
