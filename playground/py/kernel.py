# Numeric kernel: the same loops as jsKernel in main.ts, timed side by side.
def count_primes(limit: int) -> int:
    sieve = [True] * limit
    sieve[0] = False
    sieve[1] = False
    count = 0
    for i in range(2, limit):
        if sieve[i]:
            count += 1
            for j in range(i * i, limit, i):
                sieve[j] = False
    return count

def collatz_max(limit: int) -> list[int]:
    best, best_len = 1, 1
    for start in range(1, limit):
        n, steps = start, 1
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        if steps > best_len:
            best, best_len = start, steps
    return [best, best_len]

def big_factorial(n: int) -> int:
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result
