"""`{% load followup_tasks %}` on a case's page: `{% case_tasks case %}` renders the case's
tasks with done buttons and the add form, `{% case_job_tip case %}` the job tip form with
the partner's and the person's matches — each loads what it shows."""

from django import template

from ..views_tasks import case_tasks_context, job_tip_context

register = template.Library()


@register.inclusion_tag("followup/_case_tasks.html", takes_context=True)
def case_tasks(context, case):
    return {
        **case_tasks_context(case),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("followup/_job_tip.html", takes_context=True)
def case_job_tip(context, case):
    return {
        **job_tip_context(case),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
