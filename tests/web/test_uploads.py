"""Uploads are refused by size before they reach the disk: files are only ever held in memory,
and a request with more than UPLOAD_MAX_BYTES of files is answered 413 with a clear page."""

import pytest
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CandidateFactory

from .pages import page_text, texts

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def temp_files(monkeypatch):
    """Every temporary file Django creates for an upload (there should be none)."""
    made = []
    original = uploadedfile.tempfile.NamedTemporaryFile

    def spy(*args, **kwargs):
        made.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", spy)
    return made


@pytest.fixture
def candidate_client(client):
    candidate = CandidateFactory(name="Maja Lind")
    client.force_login(candidate.user)
    client.candidate = candidate
    return client


def _post_cv(client, size: int):
    cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n" + b"x" * (size - 9), "application/pdf")
    return client.post(reverse("candidate_profile"), {"name": "Ny", "cv": cv})


@pytest.mark.parametrize("size", [5 * MB + 100_000, 20 * MB], ids=["just-over", "far-over"])
def test_an_upload_over_the_limit_is_413_and_nothing_is_stored_or_written(
    candidate_client, temp_files, size
):
    response = _post_cv(candidate_client, size)

    assert response.status_code == 413
    assert texts(response.content, "h1") == ["The file is too large"]
    assert "at most 5 MB" in page_text(response.content)
    candidate_client.candidate.refresh_from_db()
    assert (candidate_client.candidate.name, bool(candidate_client.candidate.cv)) == (
        "Maja Lind",
        False,
    )
    assert temp_files == []


def test_an_upload_under_the_limit_is_checked_by_the_form_in_memory(candidate_client, temp_files):
    response = _post_cv(candidate_client, 4 * MB)

    assert response.status_code == 200
    assert temp_files == []  # above Django's default in-memory size, still not on disk
