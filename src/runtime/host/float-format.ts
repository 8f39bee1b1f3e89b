/**
 * The host side of the runtime's float imports (src/runtime/core/float.ts, strfmt.ts): decimal
 * digits of doubles, which JavaScript's number-to-string already computes exactly. The
 * runtime turns them into Python's layouts itself.
 *
 * `float_digits(x, ptr)`: `x` positive and finite; writes the ASCII text of
 * `x.toExponential()` ("1.5e+300", "5e-324": at most 23 bytes) at `ptr` and returns its length.
 * toExponential() with no argument gives as many digits as needed to identify the number
 * uniquely, the same digits as Python's repr (both are shortest round-trip).
 *
 * `float_format(x, mode, precision, ptr)`: `x` non-negative and finite; writes
 * `x.toFixed(precision)` (mode 0) or `x.toExponential(precision)` (mode 1) and returns its
 * length, or -1 where JavaScript does not produce that form (toFixed of 1e21 and above, or a
 * precision above 100). Both round the exact binary value correctly, ties away from zero; the
 * runtime detects exact ties itself (Python rounds them to even).
 */
export function floatDigits(memory: () => WebAssembly.Memory): (x: number, ptr: number) => number {
  return (x, ptr) => write(memory(), ptr, x.toExponential());
}

export function floatFormat(memory: () => WebAssembly.Memory): (x: number, mode: number, precision: number, ptr: number) => number {
  return (x, mode, precision, ptr) => {
    if (precision > 100 || (mode === 0 && x >= 1e21)) return -1;
    return write(memory(), ptr, mode === 0 ? x.toFixed(precision) : x.toExponential(precision));
  };
}

let view: Uint8Array | null = null;

/** ASCII text into the runtime's memory; the view is remade only when memory grows. */
function write(memory: WebAssembly.Memory, ptr: number, text: string): number {
  if (view === null || view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
  for (let i = 0; i < text.length; i++) view[ptr + i] = text.charCodeAt(i);
  return text.length;
}
