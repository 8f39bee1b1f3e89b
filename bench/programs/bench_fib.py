# Recursive fib(30): call overhead and small-int arithmetic.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


# The argument comes from the run, so nothing folds at compile time.
n = 30 + len(sys.argv) - 1
print(fib(n))
