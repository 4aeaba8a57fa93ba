import fs from 'node:fs';
import path from 'node:path';
import type { Io } from './run.js';

/** Writes a report to --output (atomically: temp file + rename, never a half-written file) or stdout. */
export function emit(text: string, output: string | undefined, io: Io): boolean {
  if (!output) {
    io.stdout.write(text);
    return true;
  }
  const dest = path.resolve(io.cwd, output);
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, dest);
    return true;
  } catch (err) {
    io.stderr.write(`sglint: cannot write ${output}: ${(err as Error).message}\n`);
    return false;
  }
}
