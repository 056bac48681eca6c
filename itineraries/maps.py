"""Short map links for printed programmes: OpenStreetMap's shortlinks (`osm.org/go/<code>`),
short enough to type from paper, and a link in the PDF for phones.

The code interleaves the bits of the longitude and latitude (as 32-bit fractions of their
ranges) and writes them six at a time, as OpenStreetMap's own `lib/short_link.rb` does; each
character adds three zoom levels, and a "-" stands for each of the remaining one or two.
"""

import math
from decimal import Decimal

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~"


def _interleave(x: int, y: int) -> int:
    code = 0
    for bit in range(31, -1, -1):
        code = (code << 1) | ((x >> bit) & 1)
        code = (code << 1) | ((y >> bit) & 1)
    return code


def osm_shortlink_code(latitude: float | Decimal, longitude: float | Decimal, zoom: int) -> str:
    """The shortlink code of a point at a zoom level (0–22)."""
    if not 0 <= zoom <= 22:
        raise ValueError(f"Zoom must be between 0 and 22, not {zoom}.")
    x = int((float(longitude) + 180.0) % 360.0 * 2**32 / 360.0)
    y = int((float(latitude) + 90.0) * 2**32 / 180.0)
    y = min(y, 2**32 - 1)  # the north pole is the last row
    code = _interleave(x, y)
    characters = [ALPHABET[(code >> (58 - 6 * i)) & 0x3F] for i in range(math.ceil((zoom + 8) / 3))]
    return "".join(characters) + "-" * ((zoom + 8) % 3)


def osm_short_url(latitude: float | Decimal, longitude: float | Decimal, zoom: int = 16) -> str:
    """`https://osm.org/go/<code>?m`: the map at the point, with a marker on it."""
    return f"https://osm.org/go/{osm_shortlink_code(latitude, longitude, zoom)}?m"
