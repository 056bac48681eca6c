from tests.followup.outcomes.conftest import outcome_world  # noqa: F401 -- the fixture
from tests.itineraries.conftest import meeting_world  # noqa: F401 -- outcome_world's base
