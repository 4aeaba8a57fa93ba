import type { Command } from 'commander';
import type { Io } from '../run.js';

/** What every command definition gets: the streams, the version, and where its exit code goes. */
export interface CliContext {
  io: Io;
  version: string;
  /** The exit code of the command that ran. */
  code: number;
}

/** Sets `cmd`'s action: the handler's result becomes the process's exit code. */
export function act<A extends unknown[]>(cmd: Command, ctx: CliContext, handler: (...args: A) => number | Promise<number>): Command {
  return cmd.action(async (...args: unknown[]) => {
    ctx.code = await handler(...(args as A));
  });
}

/** A usage mistake found after parsing: one line on stderr, exit 2. */
export function usageError(ctx: CliContext, message: string): number {
  ctx.io.stderr.write(`sglint: ${message}\n`);
  return 2;
}
