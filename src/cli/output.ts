import fs from 'node:fs';
import path from 'node:path';
import type { Io } from './run.js';

/** Writes a report (a string or its pieces, text or UTF-8) to --output (atomically: temp file + rename, never a half-written file) or stdout. */
export function emit(text: string | Iterable<string | Uint8Array>, output: string | undefined, io: Io): boolean {
  const chunks = typeof text === 'string' ? [text] : text;
  if (!output) {
    for (const c of chunks) io.stdout.write(c);
    return true;
  }
  const dest = path.resolve(io.cwd, output);
  const tmp = `${dest}.${process.pid}.tmp`;
  let fd: number | undefined;
  // A folder that does not exist is more likely a typo than a wish: say so rather than create it.
  if (!fs.existsSync(path.dirname(dest))) {
    io.stderr.write(`sglint: cannot write ${output}: the folder ${path.relative(io.cwd, path.dirname(dest)) || path.dirname(dest)} does not exist\n`);
    return false;
  }
  try {
    fd = fs.openSync(tmp, 'w');
    // Large reports come in pieces: each is written as soon as it is made, before the next is asked
    // for (exposure's JSON pieces share one buffer and rely on it).
    for (const c of chunks) fs.writeFileSync(fd, c); // with an fd: writes all of it at the current position
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, dest);
    return true;
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    io.stderr.write(`sglint: cannot write ${output}: ${(err as Error).message}\n`);
    return false;
  }
}
