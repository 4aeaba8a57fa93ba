import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A folder holding a git ref's tree, read with `git archive` (the working tree and index are
 * never touched). Returns the folder matching `cwd` inside it, or an error message.
 */
export function materializeRef(ref: string, cwd: string): { dir: string; root: string; cleanup(): void } | { error: string } {
  const git = (args: string[], input?: Buffer) => spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  const top = git(['rev-parse', '--show-toplevel']);
  if (top.status !== 0) return { error: `${ref} is neither a folder nor a git ref (${cwd} is not in a git repository)` };
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.status !== 0) return { error: `${ref} is neither a folder nor a git ref in this repository` };
  const prefix = git(['rev-parse', '--show-prefix']).stdout.toString().trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-ref-'));
  const archive = git(['archive', '--format=tar', commit.stdout.toString().trim()]);
  if (archive.status !== 0) return { error: `git archive ${ref} failed: ${archive.stderr.toString().trim()}` };
  const untar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout });
  if (untar.status !== 0) return { error: `cannot unpack ${ref}: ${untar.stderr.toString().trim()}` };
  return { dir: path.join(tmp, prefix), root: tmp, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}
