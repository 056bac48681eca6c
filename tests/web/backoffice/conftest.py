# The suggestions scenario (a trip, its booked employer's hiring need, people who fit it or not).
from tests.candidates.conftest import suggestions  # noqa: F401 -- the fixture
from tests.itineraries.conftest import meeting_world  # noqa: F401 -- shared with the API tests
