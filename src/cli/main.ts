#!/usr/bin/env node
import v8 from 'node:v8';

// A scan is a short batch job, and V8's defaults are tuned for long-lived pages and servers. Two
// flags, measured on the 100k-interface `sglint exposure` benchmark (runs alternated):
// - TurboFan inlining: with V8's budget, optimising sglint's hot functions took ~1.4 s of CPU on
//   the compiler threads (more than a third of the run's wall time), competing with the main
//   thread on small machines; a smaller budget keeps small callees inlined and cut the run's CPU
//   by ~15% and its wall time by ~10% (the 4x input and `scan` of Terraform trees are no slower).
// - Incremental marking: V8 begins its first full collection while a large input is still being
//   parsed (loading sglint's modules lowers its initial heap limit) and marks alongside the
//   parse; one atomic collection instead is ~5% faster. GC pauses do not matter here.
// Only on V8 versions known to have both flags: V8 prints an error for a flag it does not know.
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major >= 11 && v8Major <= 13) v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=100 --no-incremental-marking');

// `sglint ... | head`: the reader went away; stop quietly, as other command-line tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

try {
  const { run } = await import('./run.js');
  process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
} catch (err) {
  // A bug in sglint, not a user mistake: one line, and the stack only when asked for.
  process.stderr.write(`sglint: internal error: ${err instanceof Error ? err.message : String(err)} (set SGLINT_DEBUG=1 for details; please report it)\n`);
  if (process.env['SGLINT_DEBUG']) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  process.exitCode = 2;
}
