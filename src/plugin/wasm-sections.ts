/**
 * Reads a custom section out of a Wasm binary without compiling it: the plugin learns a
 * module's public names from the `molt.exports` section on every build, including cache hits,
 * and compiling 300 KB of Wasm for that would cost more than the rest of a cache hit.
 */
export function customSection(wasm: Uint8Array, name: string): Uint8Array | null {
  let pos = 8; // magic and version
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const decoder = new TextDecoder();
  while (pos < wasm.length) {
    const id = wasm[pos++]!;
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const nameLen = leb();
      const sectionName = decoder.decode(wasm.subarray(pos, pos + nameLen));
      if (sectionName === name) return wasm.subarray(pos + nameLen, end);
    }
    pos = end;
  }
  return null;
}
