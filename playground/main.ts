// The playground page: imports Python modules and shows what they compute. Each section is
// also printed as plain text in #out's textContent order, which `npm run demo` reads back.
import { count_primes, collatz_max, big_factorial } from "./py/kernel.py";
import { top_words, caesar, title_case } from "./py/text.py";
import * as validate from "./py/validate.py";
import { Polygon } from "./py/geometry.py";
import { describe } from "./py/report.py";
import smoothing from "./py/smoothing.py";
import { PythonError, allocateBuffer, refreshView } from "unplugin-molt/runtime";

const out = document.getElementById("out")!;
out.textContent = "";

function section(title: string, lines: string[]): void {
  const h = document.createElement("h2");
  h.textContent = title;
  const pre = document.createElement("pre");
  pre.textContent = lines.join("\n");
  out.append(h, pre);
}

/** Best of a few runs, so the first (cold) call does not decide the figure. */
function time<T>(f: () => T): { value: T; ms: number } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    value = f();
    best = Math.min(best, performance.now() - t0);
  }
  return { value, ms: best };
}

// The same sieve as kernel.py's count_primes, in JS.
function jsCountPrimes(limit: number): number {
  const sieve = new Array<boolean>(limit).fill(true);
  sieve[0] = sieve[1] = false;
  let count = 0;
  for (let i = 2; i < limit; i++) {
    if (sieve[i]) {
      count++;
      for (let j = i * i; j < limit; j += i) sieve[j] = false;
    }
  }
  return count;
}

const LIMIT = 200_000;
const py = time(() => count_primes(LIMIT));
const js = time(() => jsCountPrimes(LIMIT));
const [start, steps] = collatz_max(30_000);
// Declared `-> int`, typed `number`; an int beyond 2^53 arrives as a bigint.
const fact: number | bigint = big_factorial(30);
section("Numeric kernel", [
  `count_primes(${LIMIT}): Python ${py.value} in ${py.ms.toFixed(1)} ms, JS ${js.value} in ${js.ms.toFixed(1)} ms`,
  `collatz_max(30000): start ${start}, ${steps} steps`,
  `big_factorial(30) = ${fact} (a ${typeof fact})`,
]);

const sample = "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!";
section("Text processing", [
  `top_words: ${top_words(sample, 3).map(([w, n]) => `${w}=${n}`).join(", ")}`,
  `caesar(+3): ${caesar("Hello, Molt!", 3)}`,
  `title_case: ${title_case("python modules in the browser")}`,
]);

const errors: string[] = [];
for (const input of ["42", "-3", "forty"]) {
  try {
    errors.push(`parse_age(${JSON.stringify(input)}) = ${validate.parse_age(input)}`);
  } catch (e) {
    if (!(e instanceof PythonError)) throw e;
    errors.push(`parse_age(${JSON.stringify(input)}) raised ${e.pythonType}: ${e.pythonMessage}`);
  }
}
try {
  validate.ratio(1, 0);
} catch (e) {
  if (!(e instanceof PythonError)) throw e;
  errors.push("ratio(1, 0) traceback:", ...e.pythonTraceback.trimEnd().split("\n").map((l) => "  " + l));
}
section("Python exceptions caught in JS", errors);

// A Python class used from JS; the instance also goes to another module (report.py), which
// sees the same class: an app's modules share one runtime.
const triangle = Polygon([[0, 0], [4, 0], [4, 3]]);
const moved = triangle.translate(1, 1);
section("A Python class from JS", [
  `triangle.area() = ${triangle.area()}, perimeter ${triangle.perimeter()}`,
  `triangle.translate(1, 1) = ${moved.repr()}`,
  `report.describe(moved): ${describe(moved)}`,
]);

// Zero-copy: Float64Arrays over the Wasm memory (array('d') in Python), filled by JS, smoothed
// by Python in place, read back by JS; nothing is copied either way.
const N = 100_000;
const first = allocateBuffer(smoothing, Float64Array, N);
const ys = allocateBuffer(smoothing, Float64Array, N);
// Growing the Wasm memory (as the second allocation may) detaches earlier views: refresh.
const xs = refreshView(first);
for (let i = 0; i < N; i++) xs[i] = Math.sin(i / 1000) + (i % 7 === 0 ? 0.5 : 0);
const smoothed = time(() => smoothing.smooth(xs, ys, 51));
const at = smoothing.peak(ys) as number;
section("Typed arrays shared with Python", [
  `smooth(${N} doubles, window 51) in ${smoothed.ms.toFixed(1)} ms, in place`,
  `peak at ${at}: ${ys[at]!.toFixed(4)} (read by JS from the array Python wrote)`,
]);

document.body.dataset.status = "done";
