/**
 * `molt` command line. Each subcommand lives in its own file; this one only dispatches.
 */
import { astCommand } from "./ast-command.js";

const USAGE = `usage: molt <command> [options]

commands:
  ast FILE...      print CPython's ast.dump() of each file as one JSON line
  help             show this message
`;

const commands: Record<string, (args: string[]) => Promise<number> | number> = {
  ast: astCommand,
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
