# Float arithmetic in a hot function called with floats: escape times over a grid of the
# Mandelbrot set. Nothing in the source says escape() takes floats; a profile does.
import sys


def escape(cr, ci, limit):
    zr = 0.0
    zi = 0.0
    n = 0
    while n < limit:
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            break
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        n += 1
    return n


def mandelbrot(width, height, limit):
    total = 0
    for y in range(height):
        ci = y * 2.0 / height - 1.0
        for x in range(width):
            cr = x * 3.0 / width - 2.0
            total += escape(cr, ci, limit)
    return total


size = 420 + len(sys.argv) - 1
print(mandelbrot(size, size, 60))
