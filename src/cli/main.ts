#!/usr/bin/env node
try {
  const { run } = await import('./run.js');
  process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
} catch (err) {
  // A bug in sglint, not a user mistake: one line, and the stack only when asked for.
  process.stderr.write(`sglint: internal error: ${err instanceof Error ? err.message : String(err)} (set SGLINT_DEBUG=1 for details; please report it)\n`);
  if (process.env['SGLINT_DEBUG']) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  process.exitCode = 2;
}
