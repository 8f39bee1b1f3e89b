# A 10M-iteration integer accumulation loop.
import sys


def total(n):
    s = 0
    i = 0
    while i < n:
        s = s + i
        i = i + 1
    return s


print(total(10_000_000 + len(sys.argv) - 1))
