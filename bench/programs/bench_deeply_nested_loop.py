# Four nested while-loops over a list of lists, about 5M inner iterations.
import sys


def build(n):
    rows = []
    i = 0
    while i < n:
        row = []
        j = 0
        while j < n:
            row.append((i * 31 + j * 17) % 100)
            j = j + 1
        rows.append(row)
        i = i + 1
    return rows


def walk(rows, reps):
    total = 0
    r = 0
    n = len(rows)
    while r < reps:
        i = 0
        while i < n:
            row = rows[i]
            j = 0
            while j < n:
                total = total + row[j]
                j = j + 1
            i = i + 1
        r = r + 1
    return total


size = 50 + len(sys.argv) - 1
print(walk(build(size), 3000))
