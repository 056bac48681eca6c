from tests.itineraries.conftest import meeting_world  # noqa: F401 -- the documents are of its trip
