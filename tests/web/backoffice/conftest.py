from tests.itineraries.conftest import meeting_world  # noqa: F401 -- shared with the API tests
