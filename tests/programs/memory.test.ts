/**
 * Reference counting frees what a program drops (issue #3's memory bar): a loop making 10
 * million short-lived objects (lists, strs, class instances, big ints, tuples, dicts) ends with
 * the Wasm memory under 64 MB. Memory only grows, so its final size bounds the peak.
 */
import { describe, expect, it } from "vitest";
import { compileSource } from "../../src/compiler/compile.js";
import { readRuntimeWasm } from "../../src/runtime/host/runtime-wasm.js";
import { MoltProgram } from "../../src/runtime/host/instance.js";

const PROGRAM = `
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

big = 2 ** 100
checksum = 0
for i in range(1_000_000):
    lst = [i, i + 1]                 # a list
    s = str(i) + "-" + str(i + 1)    # three strs
    p = Point(i, s)                  # an instance and its dict
    b = big + i                      # a big int
    t = (lst, p)                     # a tuple
    d = {"k": b}                     # a dict
    checksum += len(s) + len(t) + (b & 7) + len(d)
print(checksum)
`;

describe("memory", () => {
  it("runs 10 million short-lived objects in under 64 MB of Wasm memory", async () => {
    const { wasm } = await compileSource(PROGRAM, "churn.py", readRuntimeWasm(), { optimizeLevel: 1 });
    let out = "";
    const program = await MoltProgram.load(wasm, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    expect(program.run(["churn.py"])).toBe(0);
    let expected = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const s = `${i}-${i + 1}`;
      expected += s.length + 2 + (i & 7) + 1;
    }
    expect(out).toBe(`${expected}\n`);
    expect(program.memoryBytes).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
