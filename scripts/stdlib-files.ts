/** The machine's CPython 3.11 standard library sources: the parser's test corpus. */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

export function stdlibDir(): string {
  return execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], {
    encoding: "utf8",
  }).trim();
}

/** Every `.py` file under the stdlib directory except third-party `site-packages`, sorted. */
export function stdlibFiles(dir = stdlibDir()): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "site-packages" && entry.name !== "__pycache__") walk(path);
      } else if (entry.name.endsWith(".py")) {
        files.push(path);
      }
    }
  };
  walk(dir);
  return files.sort();
}
