#!/usr/bin/env node
import v8 from 'node:v8';

// A scan is a batch job: throughput matters, GC pauses do not. With incremental marking V8 begins
// its first full collection while a large input is still being parsed (loading sglint's modules
// lowers its initial heap limit) and marks alongside the parse; one atomic collection instead made
// `sglint exposure` on a 100k-interface snapshot ~5% faster (bench/run.ts, runs alternated).
v8.setFlagsFromString('--no-incremental-marking');

try {
  const { run } = await import('./run.js');
  process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
} catch (err) {
  // A bug in sglint, not a user mistake: one line, and the stack only when asked for.
  process.stderr.write(`sglint: internal error: ${err instanceof Error ? err.message : String(err)} (set SGLINT_DEBUG=1 for details; please report it)\n`);
  if (process.env['SGLINT_DEBUG']) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  process.exitCode = 2;
}
