/** `import molt from "unplugin-molt/rollup"`: the Molt plugin for Rollup. */
import { unplugin } from "./index.js";

export default unplugin.rollup;
export type { MoltOptions } from "./options.js";
