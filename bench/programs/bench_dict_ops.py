# Int-key dict inserts and lookups.
import sys

n = 500_000 + len(sys.argv) - 1
d = {}
for i in range(n):
    d[i * 7 % n] = i
hits = 0
total = 0
for i in range(n):
    k = i * 3 % n
    if k in d:
        hits = hits + 1
        total = total + d[k]
print(len(d), hits, total)
