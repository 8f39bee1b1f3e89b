# Split a ~3 MB comma-separated string, repeatedly.
import sys

parts = []
for i in range(400_000 + len(sys.argv) - 1):
    parts.append(str(i % 10007))
text = ",".join(parts)

count = 0
length = 0
for _ in range(5):
    fields = text.split(",")
    count = count + len(fields)
    length = length + len(fields[len(fields) // 2])
print(len(text), count, length)
