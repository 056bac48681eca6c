"""Short map links printed in programmes and itineraries: OpenStreetMap's own codes."""

import pytest

from itineraries.maps import osm_short_url, osm_shortlink_code


@pytest.mark.parametrize(
    ("latitude", "longitude", "zoom", "code"),
    [
        # Published by OpenStreetMap implementations (osm-shortlink, the wiki's Python port).
        (51.510, 0.054, 9, "0EEQhq--"),
        (51.876, 19.579, 19, "0OP4tR~rx"),
        (50.671530961990356, 6.09715461730957, 16, "0GAjIv8h"),
        (0, 0, 3, "wAAA--"),
        (0, 0, 4, "wAAA"),
    ],
)
def test_codes_match_openstreetmaps(latitude, longitude, zoom, code):
    assert osm_shortlink_code(latitude, longitude, zoom) == code


def test_the_edges_of_the_map_have_codes():
    assert osm_shortlink_code(90, 180, 16)  # the north pole, the date line
    assert osm_shortlink_code(-90, -180, 16)
    with pytest.raises(ValueError, match="between 0 and 22"):
        osm_shortlink_code(63.4, 13.08, 23)


def test_url_has_a_marker():
    assert osm_short_url(63.399, 13.081).startswith("https://osm.org/go/")
    assert osm_short_url(63.399, 13.081).endswith("?m")
