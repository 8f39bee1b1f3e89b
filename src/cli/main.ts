/**
 * `molt` command line. Each subcommand lives in its own file; this one only dispatches.
 */
import { astCommand } from "./ast-command.js";
import { buildCommand } from "./build-command.js";
import { runCommand } from "./run-command.js";

const USAGE = `usage: molt <command> [options]

commands:
  run FILE.py [ARGS...]   compile FILE.py to Wasm and run it as python3 would
  build FILE.py -o DIR    write DIR/FILE.wasm and a DIR/FILE.mjs that runs it
  ast FILE...             print CPython's ast.dump() of each file as one JSON line
  help                    show this message
`;

const commands: Record<string, (args: string[]) => Promise<number> | number> = {
  ast: astCommand,
  build: buildCommand,
  run: runCommand,
  help: () => {
    process.stdout.write(USAGE);
    return 0;
  },
};

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];
if (command === undefined) {
  process.stderr.write(name === undefined ? USAGE : `molt: unknown command '${name}'\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  process.exitCode = await command(rest);
}
