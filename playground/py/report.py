# Imports geometry.py: in one app both share one runtime, so a Polygon made through
# geometry.py from JS is an instance of this module's Polygon too.
from geometry import Polygon


def describe(shape) -> str:
    if not isinstance(shape, Polygon):
        raise TypeError(f"expected a Polygon, got {type(shape).__name__}")
    return f"{shape!r}, perimeter {shape.perimeter():.2f}"
