/**
 * binaryen.js costs ~0.4 s and ~150 MB to load, so it is loaded lazily, once per process, and
 * never on a cache hit.
 */
import type binaryenType from "binaryen";

export type Binaryen = typeof binaryenType;
export type { binaryenType as BinaryenNs };

let loading: Promise<Binaryen> | undefined;

export function loadBinaryen(): Promise<Binaryen> {
  loading ??= import("binaryen").then((m) => m.default);
  return loading;
}
