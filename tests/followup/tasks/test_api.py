"""The tasks API: coordinators and organisers of the case's organisation only (404 for
another organisation's, 403 for users who follow up nothing, 401 without a login)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from followup.models import CaseTask, ContactEntry
from tests.factories import CandidateFactory, EmployerFactory, HiringNeedFactory

pytestmark = pytest.mark.django_db


def _task(case, user, title="Ring Kim", days=1):
    return CaseTask.objects.create(
        case=case,
        kind="call_back",
        title=title,
        due_on=timezone.localdate() + timedelta(days=days),
        assignee=user,
    )


def test_create_and_list_a_cases_tasks(client, bearer, case, coordinator, organiser_of_org):
    headers = bearer(coordinator)
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        f"/api/v1/cases/{case.pk}/tasks",
        {"kind": "housing", "due_on": due},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Send housing contacts"
    assert body["assignee"] == coordinator.pk  # default: you
    assert (body["done"], body["overdue"], body["case"]) == (False, False, case.pk)
    response = client.post(
        f"/api/v1/cases/{case.pk}/tasks",
        {"title": "Ring", "due_on": due, "assignee": organiser_of_org.pk},
        content_type="application/json",
        headers=headers,
    )
    assert response.json()["assignee_name"] == "Olle Organisatör"
    listed = client.get(f"/api/v1/cases/{case.pk}/tasks", headers=headers).json()
    assert [t["title"] for t in listed["items"]] == ["Send housing contacts", "Ring"]


def test_validation_errors_are_422_with_the_field(
    client, bearer, case, coordinator, other_coordinator
):
    headers = bearer(coordinator)
    response = client.post(
        f"/api/v1/cases/{case.pk}/tasks",
        {"due_on": timezone.localdate().isoformat(), "assignee": other_coordinator.pk},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "assignee" in response.json()["fields"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/tasks",
        {"due_on": "1999-05-01"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "due_on" in response.json()["fields"]


def test_my_tasks_overdue_first_and_the_overdue_filter(
    client, bearer, case, coordinator, organiser_of_org
):
    _task(case, coordinator, "later", days=4)
    _task(case, coordinator, "late", days=-2)
    _task(case, organiser_of_org, "theirs", days=0)
    headers = bearer(coordinator)
    mine = client.get("/api/v1/tasks?assignee=me", headers=headers).json()["items"]
    assert [(t["title"], t["overdue"]) for t in mine] == [("late", True), ("later", False)]
    overdue = client.get("/api/v1/tasks?assignee=me&overdue=true", headers=headers).json()
    assert [t["title"] for t in overdue["items"]] == ["late"]
    everyone = client.get("/api/v1/tasks?assignee=all", headers=headers).json()["items"]
    assert [t["title"] for t in everyone] == ["late", "theirs", "later"]


def test_patch_done_reopen_and_fields(client, bearer, case, coordinator, organiser_of_org):
    task = _task(case, coordinator)
    headers = bearer(coordinator)
    url = f"/api/v1/tasks/{task.pk}"
    response = client.patch(url, {"done": True}, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert response.json()["done"] is True
    response = client.patch(
        url,
        {"done": False, "title": "Ring igen", "assignee": organiser_of_org.pk},
        content_type="application/json",
        headers=headers,
    )
    task.refresh_from_db()
    assert (task.done_at, task.title, task.assignee) == (None, "Ring igen", organiser_of_org)
    response = client.patch(
        url, {"due_on": "2999-01-01"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422


def test_job_tip_and_partner_matches(
    client, bearer, make_case, coordinator, org, django_capture_on_commit_callbacks
):
    need = HiringNeedFactory(
        employer=EmployerFactory(organisation=org, name="Jämtkraft"), role_title="Elektriker"
    )
    case = make_case(partner_looking_for_work=True, partner_occupation="Elektriker")
    headers = bearer(coordinator)
    matches = client.get(f"/api/v1/cases/{case.pk}/partner-matches", headers=headers).json()
    assert matches["looking_for_work"] is True
    assert [(m["hiring_need"], m["employer"]) for m in matches["matches"]] == [
        (need.pk, "Jämtkraft")
    ]
    assert matches["matches"][0]["reasons"] == ["Skills match Elektriker at Jämtkraft: elektriker"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/cases/{case.pk}/job-tip",
            {"hiring_need": need.pk, "message": "Sök senast fredag"},
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 201
    assert response.json()["channel"] == "job_tip"
    assert ContactEntry.objects.get(case=case).hiring_need == need
    assert len(mail.outbox) == 1
    response = client.post(
        f"/api/v1/cases/{case.pk}/job-tip",
        {"link": "ftp://example.se"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422


def test_permissions(client, bearer, case, coordinator, other_coordinator):
    task = _task(case, coordinator)
    urls = [
        ("get", f"/api/v1/cases/{case.pk}/tasks"),
        ("post", f"/api/v1/cases/{case.pk}/tasks"),
        ("patch", f"/api/v1/tasks/{task.pk}"),
        ("post", f"/api/v1/cases/{case.pk}/job-tip"),
        ("get", f"/api/v1/cases/{case.pk}/partner-matches"),
    ]
    body = {"due_on": "2030-01-01", "done": True, "link": "https://example.se"}
    candidate = CandidateFactory()
    case.candidate = candidate
    case.save()
    for method, url in urls:
        call = getattr(client, method)
        kwargs = {"content_type": "application/json"} if method != "get" else {}
        data = body if method != "get" else None
        assert call(url, data, **kwargs).status_code == 401, url
        other = call(url, data, headers=bearer(other_coordinator), **kwargs)
        assert other.status_code == 404, url
        # The person of the case sees nothing of it.
        assert call(url, data, headers=bearer(candidate.user), **kwargs).status_code == 403, url
    assert client.get("/api/v1/tasks", headers=bearer(candidate.user)).status_code == 403
    assert client.get("/api/v1/tasks").status_code == 401
    task.refresh_from_db()
    assert task.done_at is None
    assert not ContactEntry.objects.exists()


def test_an_unknown_assignee_filter_is_422(client, bearer, coordinator):
    response = client.get("/api/v1/tasks?assignee=someone", headers=bearer(coordinator))
    assert response.status_code == 422
    assert "assignee" in response.json()["fields"]
