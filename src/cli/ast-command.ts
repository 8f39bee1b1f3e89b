/**
 * `molt ast FILE...`: one JSON line per file, `{"file", "dump"}` with exactly the text of
 * CPython 3.11's `ast.dump(ast.parse(source, filename=FILE), include_attributes=True)`, or
 * `{"file", "error", "msg", "lineno", "offset"}` for a file CPython rejects. A syntax error is
 * also reported on stderr as `python3` would, and makes the exit status 1.
 */
import { readFileSync } from "node:fs";
import { parse } from "../compiler/syntax/parser.js";
import { dump } from "../compiler/syntax/dump.js";
import { PySyntaxError, formatSyntaxError } from "../compiler/syntax/errors.js";
import { decodeSource } from "../compiler/syntax/source.js";

export function astCommand(files: string[]): number {
  if (files.length === 0) {
    process.stderr.write("usage: molt ast FILE...\n");
    return 2;
  }
  let status = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      process.stderr.write(`molt: can't open file '${file}': ${(e as Error).message}\n`);
      status = 2;
      continue;
    }
    try {
      process.stdout.write(JSON.stringify({ file, dump: dump(parse(bytes, file)) }) + "\n");
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
      const { type: error, msg, lineno, offset } = e;
      process.stdout.write(JSON.stringify({ file, error, msg, lineno, offset }) + "\n");
      let text: string | null = null;
      try {
        text = decodeSource(bytes).text;
      } catch {
        // The error is about the encoding itself; report it without a source line.
      }
      process.stderr.write(formatSyntaxError(e, file, text));
      status = 1;
    }
  }
  return status;
}
