"""Deployment settings, checked the way an operator runs them: manage.py in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_debug_off_and_required_variables_set(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="jobb.example.se",
        SITE_URL="https://jobb.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_requires_site_url(tmp_path):
    result = manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="jobb.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SITE_URL="",
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "SITE_URL is not set" in result.stderr


def test_links_follow_the_port_the_site_is_served_on():
    shown = "from django.conf import settings; print(settings.SITE_URL)"
    assert manage("shell", "-c", shown, PORT="8101", SITE_URL="").stdout.split()[-1] == (
        "http://127.0.0.1:8101"
    )
    explicit = manage("shell", "-c", shown, PORT="8101", SITE_URL="https://jobb.example.se/")
    assert explicit.stdout.split()[-1] == "https://jobb.example.se"


def test_debug_off_without_secret_key_stops_with_a_clear_message():
    result = manage("check", DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings.base")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_unreadable_debug_value_is_named():
    result = manage("check", DEBUG="maybe", DJANGO_SETTINGS_MODULE="config.settings.base")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_each_log_line_is_printed_once():
    script = (
        "import logging; logging.getLogger('django.request').warning('marker-1'); "
        "logging.getLogger('candidates').warning('marker-2')"
    )
    result = manage("shell", "-c", script, DJANGO_SETTINGS_MODULE="config.settings.base")
    printed = result.stdout + result.stderr
    assert (printed.count("marker-1"), printed.count("marker-2")) == (1, 1), printed


def _load(module: str, **env: str) -> subprocess.CompletedProcess:
    """Import a server entry point as gunicorn/uvicorn would: no DJANGO_SETTINGS_MODULE set."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    code = (
        f"import {module}; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_server_entry_points_default_to_the_production_settings(module):
    result = _load(module, SECRET_KEY="a-long-random-production-secret-" + "x" * 40)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False"]


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_server_entry_points_refuse_to_run_with_debug_on(module):
    result = _load(module, SECRET_KEY="x" * 50, DEBUG="1")
    assert result.returncode != 0
    assert "never runs with DEBUG on" in result.stderr


def test_manage_py_still_defaults_to_development():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "True"
