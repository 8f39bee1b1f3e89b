# A class used from JS: instances are Python objects behind proxies.
import math


class Polygon:
    def __init__(self, points: list[list[float]]):
        self.points = [(float(x), float(y)) for x, y in points]

    def area(self) -> float:
        # The shoelace formula.
        total = 0.0
        n = len(self.points)
        for i in range(n):
            x1, y1 = self.points[i]
            x2, y2 = self.points[(i + 1) % n]
            total += x1 * y2 - x2 * y1
        return abs(total) / 2

    def perimeter(self) -> float:
        n = len(self.points)
        return sum(math.dist(self.points[i], self.points[(i + 1) % n]) for i in range(n))

    def translate(self, dx: float, dy: float) -> "Polygon":
        return Polygon([[x + dx, y + dy] for x, y in self.points])

    def __repr__(self) -> str:
        return f"Polygon({len(self.points)} points, area {self.area():g})"
