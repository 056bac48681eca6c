from django.db.models import Case, IntegerField, QuerySet, Value, When

from events.selectors import organisations_of_organiser

from .models import Employer


def employers_managed_by(user) -> QuerySet[Employer]:
    """Employers registered with the user's organisations: awaiting approval first, then by name."""
    return (
        Employer.objects.filter(organisation__in=organisations_of_organiser(user))
        .select_related("organisation")
        .prefetch_related("sectors", "members")
        .order_by(
            Case(
                When(approved_at__isnull=True, then=Value(0)),
                default=1,
                output_field=IntegerField(),
            ),
            "name",
            "id",
        )
    )


def employer_managed_by(user, pk: int) -> Employer | None:
    return employers_managed_by(user).filter(pk=pk).first()
