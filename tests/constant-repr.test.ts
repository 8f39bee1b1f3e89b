import { describe, expect, it } from "vitest";
import { bytesRepr, floatRepr, strRepr } from "../src/compiler/syntax/constant-repr.js";
import { pythonJson } from "./helpers/python.js";

describe("floatRepr matches repr(float)", () => {
  const edge = [
    0, -0, 1, -1, 0.1, 0.5, 1.5, 100, 1e15, 1e16, 1e17, 123456789012345680, 1e22, 1e-4, 1e-5,
    0.0001234, 0.00001234, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 1 / 3, 2 / 3,
    9007199254740993, 1e100, 1.5e-7, 123.456, -987654.321e-10, Infinity, -Infinity, NaN,
  ];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const randoms = Array.from({ length: 300 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 60 - 30));
  const values = [...edge, ...randoms];
  // JSON has no inf/nan, so values travel as their exact hex bit patterns.
  const bits = values.map((v) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
  const expected = pythonJson<string[]>(
    `import json, struct, sys
print(json.dumps([repr(struct.unpack(">d", int(h, 16).to_bytes(8, "big"))[0]) for h in json.load(sys.stdin)]))`,
    JSON.stringify(bits),
  );
  it.each(values.map((v, i) => [String(v), v, i] as const))("%s", (_, v, i) => {
    expect(floatRepr(v)).toBe(expected[i]);
  });
});

describe("strRepr and bytesRepr match repr()", () => {
  const strings = [
    "", "abc", "it's", 'say "hi"', `both ' and "`, "back\\slash", "tab\t nl\n cr\r", "\x00\x01\x1f\x7f",
    "\x80\x9f\xa0\xad\xff", "é ü ß", "日本語", "emoji 😀", "\u2028\u2029", "\u200b zero width", "\ufeff",
    "\u00a0nbsp", "\u3000 ideographic space", "\ue000 private use", "combining e\u0301",
  ];
  const expected = pythonJson<string[]>(
    `import json, sys; print(json.dumps([repr(s) for s in json.load(sys.stdin)]))`,
    JSON.stringify(strings),
  );
  it.each(strings.map((s, i) => [JSON.stringify(s), s, i] as const))("str %s", (_, s, i) => {
    expect(strRepr(s)).toBe(expected[i]);
  });

  const byteStrings = [[], [0x61, 0x27], [0x27, 0x22], [0, 9, 10, 13, 31, 127, 128, 255], [0x5c, 0x22]];
  const expectedBytes = pythonJson<string[]>(
    `import json, sys; print(json.dumps([repr(bytes(b)) for b in json.load(sys.stdin)]))`,
    JSON.stringify(byteStrings),
  );
  it.each(byteStrings.map((b, i) => [JSON.stringify(b), b, i] as const))("bytes %s", (_, b, i) => {
    expect(bytesRepr(Uint8Array.from(b))).toBe(expectedBytes[i]);
  });
});
