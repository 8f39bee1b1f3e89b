/**
 * A Python exception that reached JS. `message` is what `str(exc)` gives; `pythonTraceback` is
 * the report CPython would print for it uncaught ("Traceback (most recent call last):", frames
 * with `.py` file, line and source line, chained exceptions, "Type: message").
 */
export class PythonError extends Error {
  override readonly name = "PythonError";

  constructor(
    /** The exception's class name, e.g. "ZeroDivisionError". */
    readonly pythonType: string,
    message: string,
    readonly pythonTraceback: string,
  ) {
    super(message === "" ? pythonType : `${pythonType}: ${message}`);
    this.pythonMessage = message;
  }

  /** str(exc) alone, without the type name. */
  readonly pythonMessage: string;
}

/** A Python value used after JS released it (explicitly or because it was collected). */
export class StaleHandleError extends Error {
  override readonly name = "StaleHandleError";
}
