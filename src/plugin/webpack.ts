/** `import molt from "unplugin-molt/webpack"`: the Molt plugin for Webpack. */
import { unplugin } from "./index.js";

export default unplugin.webpack;
export type { MoltOptions } from "./options.js";
