"""The old team invitations attached people without their consent (issue 10.4): migrating
removes the memberships of invitees who never chose a password, and keeps everyone else's."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from employers.models import EmployerMembership

from ..factories import EmployerFactory, EmployerMemberFactory, UserFactory


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()


@pytest.mark.django_db(transaction=True)
def test_unaccepted_invitees_leave_their_teams_and_members_stay():
    _migrate([("employers", "0003_employerinvitation")])
    employer = EmployerFactory(name="Fjällkraft AB")
    member = EmployerMemberFactory(employer=employer, user__email="anna@example.test").user
    never_accepted = UserFactory(email="attached@example.test")
    never_accepted.set_unusable_password()
    never_accepted.save()
    EmployerMembership.objects.create(employer=employer, user=never_accepted)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert [m.user.email for m in EmployerMembership.objects.filter(employer=employer)] == [
        member.email
    ]
    never_accepted.refresh_from_db()  # the account stays: it can choose a password by email
