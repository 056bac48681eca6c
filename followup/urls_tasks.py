from django.urls import path

from . import views_tasks

urlpatterns = [
    path("tasks/", views_tasks.task_list, name="followup_task_list"),
    path("cases/<int:pk>/tasks/add/", views_tasks.task_add, name="followup_task_add"),
    path("tasks/<int:pk>/done/", views_tasks.task_done_view, name="followup_task_done"),
    path("tasks/<int:pk>/edit/", views_tasks.task_edit, name="followup_task_edit"),
    path("cases/<int:pk>/job-tip/", views_tasks.job_tip, name="followup_job_tip"),
    path(
        "cases/<int:pk>/partner-matches/",
        views_tasks.partner_matches_view,
        name="followup_partner_matches",
    ),
]
