import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The user's cache folder for sglint (compiled custom rules live in its `rules/`): SGLINT_CACHE_DIR,
 * else the platform's per-user cache (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on macOS,
 * %LOCALAPPDATA% on Windows). Never a shared TMPDIR name another user could create first.
 */
export function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (env['SGLINT_CACHE_DIR']) return path.resolve(env['SGLINT_CACHE_DIR']);
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'sglint', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'sglint');
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'sglint');
}

/** What the check needs from the system (injected in tests, where chown is not possible). */
export interface DirProbe {
  uid: number | null;
  lstat(p: string): { isDirectory(): boolean; isSymbolicLink(): boolean; uid: number; mode: number };
  chmod(p: string, mode: number): void;
}

const systemProbe = (): DirProbe => ({ uid: typeof process.getuid === 'function' ? process.getuid() : null, lstat: (p) => fs.lstatSync(p), chmod: (p, m) => fs.chmodSync(p, m) });

/**
 * Creates `dir` (mode 0700) if needed and checks it before anything in it is imported: a real
 * folder (not a symlink), owned by this user; group/other permissions are removed. Returns a
 * reason to refuse it, or null when it is safe to use.
 */
export function securePrivateDir(dir: string, probe: DirProbe = systemProbe()): string | null {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    return `cannot create ${dir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  const st = probe.lstat(dir);
  if (st.isSymbolicLink()) return `${dir} is a symlink; the rule cache must be a real folder`;
  if (!st.isDirectory()) return `${dir} is not a folder`;
  if (probe.uid !== null && st.uid !== probe.uid) return `${dir} is owned by another user (uid ${st.uid}); sglint imports code from it, so it must be yours`;
  if (probe.uid !== null && (st.mode & 0o077) !== 0) {
    try {
      probe.chmod(dir, 0o700);
    } catch (err) {
      return `${dir} is writable or readable by others and cannot be made private: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
    }
  }
  return null;
}
