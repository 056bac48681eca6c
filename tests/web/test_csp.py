"""The Content-Security-Policy every page is sent with (the browser tests check that no page
breaks it)."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_every_page_has_a_strict_policy(client, organiser):
    client.force_login(organiser)
    for path in ("/", "/accounts/login/", "/manage/", "/admin/login/", "/api/v1/docs"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy, path


def test_the_api_docs_use_swagger_ui_from_this_site(client):
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


def test_the_500_pages_inline_style_is_the_one_the_policy_allows():
    template = Path(settings.BASE_DIR, "templates", "500.html").read_text(encoding="utf-8")
    [style] = re.findall(r"<style>(.*?)</style>", template, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.CSP_500_STYLE
    assert settings.CSP_500_STYLE in settings.SECURE_CSP["style-src"]
