# An explicit for-loop sum over a 1M-int list, repeated.
import sys


def make(n):
    return [i * 7 % 1000 for i in range(n)]


def total(xs):
    s = 0
    for x in xs:
        s = s + x
    return s


xs = make(1_000_000 + len(sys.argv) - 1)
acc = 0
for _ in range(20):
    acc = acc + total(xs)
print(acc)
