// Output to the host: stdout is buffered in linear memory (one host call per 8 KiB, not per
// print), stderr is written through at once. Writing to stderr first flushes stdout, so the
// two streams interleave as a line-buffered terminal shows them. The host flushes at exit
// (rt_flush), and sys.stdout.flush() / print(flush=True) flush on demand.

// @ts-ignore: decorator
@external("molt_host", "write")
declare function hostWrite(fd: i32, ptr: usize, len: usize): void;

const BUF_SIZE: usize = 8192;
const BUF: usize = memory.data(<i32>BUF_SIZE, 8);
let used: usize = 0;

export function flushStdout(): void {
  if (used == 0) return;
  const n = used;
  used = 0;
  hostWrite(1, BUF, n);
}

/** Writes n bytes at p to file descriptor fd (1 stdout, 2 stderr). */
export function writeFd(fd: i32, p: usize, n: usize): void {
  if (n == 0) return;
  if (fd != 1) {
    flushStdout();
    hostWrite(fd, p, n);
    return;
  }
  if (used + n > BUF_SIZE) {
    flushStdout();
    if (n > BUF_SIZE) {
      hostWrite(1, p, n);
      return;
    }
  }
  memory.copy(BUF + used, p, n);
  used += n;
}

/** Flushes buffered output; the host calls this when the program ends. */
export function rt_flush(): void { flushStdout(); }
