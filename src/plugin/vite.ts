/** `import molt from "unplugin-molt/vite"`: the Molt plugin for Vite. */
import { unplugin } from "./index.js";

export default unplugin.vite;
export type { MoltOptions } from "./options.js";
