/** `import molt from "unplugin-molt/esbuild"`: the Molt plugin for Esbuild. */
import { unplugin } from "./index.js";

export default unplugin.esbuild;
export type { MoltOptions } from "./options.js";
