# Numeric work on typed arrays shared with JS: `xs` and `out` are Float64Array views of the
# Wasm memory (array('d') on this side), read and written in place, never copied.
def smooth(xs, out, window: int) -> None:
    n = len(xs)
    half = window // 2
    total = 0.0
    for i in range(min(half, n)):
        total += xs[i]
    for i in range(n):
        right = i + half
        if right < n:
            total += xs[right]
        left = i - half - 1
        if left >= 0:
            total -= xs[left]
        lo = max(0, i - half)
        hi = min(n - 1, i + half)
        out[i] = total / (hi - lo + 1)


def peak(xs) -> int:
    best = 0
    for i in range(1, len(xs)):
        if xs[i] > xs[best]:
            best = i
    return best
