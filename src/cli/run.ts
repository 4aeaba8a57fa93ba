import fs from 'node:fs';
import path from 'node:path';
import { CommanderError } from 'commander';
import { didYouMean } from '../model/suggest.js';
import { toolVersion } from '../report/tool-version.js';
import type { CliContext } from './commands/context.js';
import { buildProgram, exitCodeOf } from './program.js';

export interface Io {
  stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The whole CLI: returns the exit code. Never throws for a user's mistake. */
export async function run(argv: string[], io: Io): Promise<number> {
  const ctx: CliContext = { io, version: toolVersion(), code: 0 };
  const program = buildProgram(ctx);
  const commands = program.commands.map((c) => c.name());
  const mistyped = mistypedCommand(argv, commands, io.cwd);
  if (mistyped) {
    io.stderr.write(`sglint: ${mistyped}\n`);
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return exitCodeOf(err);
    throw err;
  }
  return ctx.code;
}

/**
 * Words commander cannot tell from a path: `sglint scna` would scan a folder "scna", and
 * `sglint help scna` would print the general help. A first word that is neither a command nor
 * something on disk, and looks like a word rather than a path, is a mistyped command.
 */
function mistypedCommand(argv: string[], commands: string[], cwd: string): string | undefined {
  const [first, second] = argv;
  if (first === 'help' && second && !second.startsWith('-') && !commands.includes(second)) {
    return `unknown command "${second}"${didYouMean(second, commands)}; "sglint help" lists the commands`;
  }
  if (!first || first.startsWith('-') || commands.includes(first) || first === 'help' || /[./\\]/.test(first)) return undefined;
  if (fs.existsSync(path.resolve(cwd, first))) return undefined;
  return `"${first}" is neither a command nor a file or folder${didYouMean(first, commands)}; "sglint help" lists the commands`;
}
