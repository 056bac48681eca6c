"""The tasks pages: my tasks with its filters, a case's tasks and add form, done / reopen,
edit and delete, the job tip form with the matches, the partner's matches; who may see
them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from followup.models import CaseTask, ContactEntry
from tests.factories import EmployerFactory, HiringNeedFactory, UserFactory

pytestmark = pytest.mark.django_db


def _task(case, user, title="Ring Kim", days=1):
    return CaseTask.objects.create(
        case=case,
        kind="call_back",
        title=title,
        due_on=timezone.localdate() + timedelta(days=days),
        assignee=user,
    )


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_my_tasks_page_overdue_first_with_filters(logged_in, case, coordinator, organiser_of_org):
    _task(case, coordinator, "Later", days=3)
    _task(case, coordinator, "Late", days=-1)
    _task(case, organiser_of_org, "Theirs", days=0)
    page = logged_in.get(reverse("followup_task_list")).content.decode()
    assert page.index("Late") < page.index("Later")
    assert "Overdue" in page and "Theirs" not in page
    overdue = logged_in.get(reverse("followup_task_list") + "?show=overdue").content.decode()
    assert "Late" in overdue and "Later" not in overdue
    everyone = logged_in.get(reverse("followup_task_list") + "?show=all").content.decode()
    assert "Theirs" in everyone and "Olle Organisatör" in everyone


def test_empty_state(logged_in):
    page = logged_in.get(reverse("followup_task_list")).content.decode()
    assert "No open tasks." in page


def test_add_a_task_from_the_cases_tasks_and_go_back(logged_in, case, coordinator):
    url = reverse("followup_task_add", kwargs={"pk": case.pk})
    page = logged_in.get(url).content.decode()
    assert "No tasks for this case yet." in page and "Add a task" in page
    assert "Cora Koordinator" in page  # the assignee choices
    response = logged_in.post(
        url,
        {
            "kind": "school",
            "title": "Ring skolan",
            "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "assignee": coordinator.pk,
            "next": "/followup/cases/1/",
        },
    )
    assert response.status_code == 302 and response.url == "/followup/cases/1/"
    task = case.tasks.get()
    assert (task.title, task.kind, task.assignee) == ("Ring skolan", "school", coordinator)
    page = logged_in.get(url).content.decode()
    assert "Ring skolan" in page and "No tasks for this case yet." not in page


def test_a_refused_assignee_or_date_shows_on_the_form(logged_in, case, other_coordinator):
    url = reverse("followup_task_add", kwargs={"pk": case.pk})
    response = logged_in.post(
        url,
        {"kind": "other", "due_on": "2999-12-31", "assignee": other_coordinator.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()  # not among the choices
    response = logged_in.post(
        url,
        {
            "kind": "other",
            "due_on": "2999-12-31",
            "assignee": case.assignee_id,
            "next": "/followup/cases/9/",
        },
    )
    assert "more than two years ahead" in response.content.decode()
    # Corrected and sent again, it still goes back to the case page.
    assert 'name="next" value="/followup/cases/9/"' in response.content.decode()
    assert not case.tasks.exists()


def test_done_reopen_edit_delete(logged_in, case, coordinator, organiser_of_org):
    task = _task(case, coordinator)
    done_url = reverse("followup_task_done", kwargs={"pk": task.pk})
    assert logged_in.get(done_url).status_code == 405
    logged_in.post(done_url)
    task.refresh_from_db()
    assert task.done_by == coordinator
    logged_in.post(done_url, {"reopen": "1"})
    task.refresh_from_db()
    assert task.done_at is None
    edit_url = reverse("followup_task_edit", kwargs={"pk": task.pk})
    assert 'value="Ring Kim"' in logged_in.get(edit_url).content.decode()
    logged_in.post(
        edit_url,
        {
            "kind": "call_back",
            "title": "Ring Kim igen",
            "due_on": timezone.localdate().isoformat(),
            "assignee": organiser_of_org.pk,
        },
    )
    task.refresh_from_db()
    assert (task.title, task.assignee) == ("Ring Kim igen", organiser_of_org)
    logged_in.post(edit_url, {"delete": "1"})
    assert not CaseTask.objects.exists()


def test_job_tip_page_lists_matches_and_sends(
    logged_in, make_case, org, django_capture_on_commit_callbacks
):
    need = HiringNeedFactory(
        employer=EmployerFactory(organisation=org, name="Jämtkraft"), role_title="Elektriker"
    )
    case = make_case(partner_looking_for_work=True, partner_occupation="elektriker")
    url = reverse("followup_job_tip", kwargs={"pk": case.pk})
    page = logged_in.get(url).content.decode()
    assert "Open roles matching the partner" in page
    assert "Skills match Elektriker at Jämtkraft: elektriker" in page
    assert f"?need={need.pk}" in page
    assert (
        f'<option value="{need.pk}" selected>'
        in logged_in.get(f"{url}?need={need.pk}").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url, {"hiring_need": need.pk, "message": "Hej!"})
    assert response.status_code == 302
    assert ContactEntry.objects.get(case=case).hiring_need == need
    assert mail.outbox[0].to == ["kim@example.test"]
    response = logged_in.post(url, {"link": "http://osäker.example"})
    assert "Give a full https:// link." in response.content.decode()


def test_job_tip_page_without_email(logged_in, make_case):
    case = make_case(email="")
    page = logged_in.get(reverse("followup_job_tip", kwargs={"pk": case.pk})).content.decode()
    assert "The case has no email address" in page and "Send the job tip" not in page


def test_partner_matches_page(logged_in, make_case, org):
    HiringNeedFactory(
        employer=EmployerFactory(organisation=org, name="Frösö skola"), role_title="Lärare"
    )
    case = make_case(partner_looking_for_work=True, partner_occupation="Lärare")
    url = reverse("followup_partner_matches", kwargs={"pk": case.pk})
    assert "Skills match Lärare at Frösö skola: lärare" in logged_in.get(url).content.decode()
    other = make_case(name="Ingen partner")
    page = logged_in.get(reverse("followup_partner_matches", kwargs={"pk": other.pk}))
    assert "The partner is not looking for work" in page.content.decode()


def test_who_may_see_the_pages(client, case, coordinator, other_coordinator):
    task = _task(case, coordinator)
    case_urls = [
        reverse("followup_task_add", kwargs={"pk": case.pk}),
        reverse("followup_job_tip", kwargs={"pk": case.pk}),
        reverse("followup_partner_matches", kwargs={"pk": case.pk}),
        reverse("followup_task_edit", kwargs={"pk": task.pk}),
    ]
    for url in [*case_urls, reverse("followup_task_list")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(UserFactory())
    for url in [*case_urls, reverse("followup_task_list")]:
        assert client.get(url).status_code == 403, url
    client.force_login(other_coordinator)
    for url in case_urls:
        assert client.get(url).status_code == 404, url
    done = client.post(reverse("followup_task_done", kwargs={"pk": task.pk}))
    assert done.status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_the_case_page_tags_render_tasks_and_job_tip(case, coordinator, org):
    HiringNeedFactory(employer=EmployerFactory(organisation=org), role_title="Kock")
    case.partner_looking_for_work, case.partner_occupation = True, "Kock"
    case.save()
    _task(case, coordinator, "Ring Kim")
    request = RequestFactory().get(f"/followup/cases/{case.pk}/")
    request.user = coordinator
    html = Template("{% load followup_tasks %}{% case_tasks case %}{% case_job_tip case %}").render(
        Context({"case": case, "request": request})
    )
    assert "Ring Kim" in html
    assert f'action="{reverse("followup_task_add", kwargs={"pk": case.pk})}"' in html
    assert f'value="/followup/cases/{case.pk}/"' in html  # back to the case page
    assert "Skills match Kock" in html
    assert f'action="{reverse("followup_job_tip", kwargs={"pk": case.pk})}"' in html
