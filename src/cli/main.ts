#!/usr/bin/env node
import v8 from 'node:v8';

// A larger young generation halves GC time on big trees (the AST and model survive one
// scavenge each); it must be set before the rest of the program is loaded.
v8.setFlagsFromString('--max-semi-space-size=64');
const { run } = await import('./run.js');
process.exitCode = run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
