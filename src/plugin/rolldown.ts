/** `import molt from "unplugin-molt/rolldown"`: the Molt plugin for Rolldown. */
import { unplugin } from "./index.js";

export default unplugin.rolldown;
export type { MoltOptions } from "./options.js";
