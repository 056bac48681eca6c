"""Forms of the tasks pages: a task, a job tip. The rules are the services' (task_services);
the forms only read the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import coordinators_of
from .models import FollowUpCase, TaskKind
from .task_selectors import job_tip_needs


class DateInput(forms.DateInput):
    input_type = "date"


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices, initial=TaskKind.CALL_BACK)
    title = forms.CharField(
        label=_("Task"),
        max_length=200,
        required=False,
        help_text=_("Empty: the kind's name."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput)
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=None, empty_label=None)

    def __init__(self, *args, case: FollowUpCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = coordinators_of(case.organisation)  # type: ignore[attr-defined]
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name()  # type: ignore[attr-defined]
        if not self.is_bound and "due_on" not in self.initial:
            self.initial["due_on"] = timezone.localdate()


class JobTipForm(forms.Form):
    hiring_need = forms.ModelChoiceField(
        label=_("Open hiring need"),
        queryset=None,
        required=False,
        empty_label=_("— a link instead —"),
    )
    link = forms.CharField(
        label=_("Or a link to a job elsewhere"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent with the tip, signed with your name."),
    )

    def __init__(self, *args, case: FollowUpCase, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["hiring_need"]
        field.queryset = job_tip_needs(case)  # type: ignore[attr-defined]
        field.label_from_instance = lambda n: f"{n.role_title} · {n.employer.name}"  # type: ignore[attr-defined]
