from core.exceptions import AlreadyExists, ValidationFailed
from core.forms import add_domain_error
from events.forms import TripForm


def test_domain_error_with_fields_lands_on_those_fields():
    form = TripForm(data={})
    form.is_valid()
    form.errors.clear()

    add_domain_error(
        form,
        ValidationFailed(
            "The trip must end after it starts.",
            extra={"fields": {"ends_at": ["The trip must end after it starts."]}},
        ),
    )

    assert form.errors == {"ends_at": ["The trip must end after it starts."]}


def test_domain_error_summary_is_shown_on_top_when_it_adds_something():
    form = TripForm(data={})
    form.is_valid()
    form.errors.clear()

    add_domain_error(
        form,
        AlreadyExists(
            "A trip with the address “x” already exists.",
            extra={"fields": {"slug": ["Already taken."], "non_field_errors": ["Try again."]}},
        ),
    )

    assert form.errors == {
        "__all__": ["Already taken.", "Try again.", "A trip with the address “x” already exists."]
    }
