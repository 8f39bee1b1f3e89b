// Worker bootstrap: TypeScript sources need tsx's loader, which worker threads do not inherit.
import { register } from "tsx/esm/api";

register();
await import("./run-linked-worker.ts");
