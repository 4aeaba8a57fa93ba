import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DownloadError, seconds, shownUrl } from './http.js';

export interface GitPackage {
  /** The repository URL without sglint's query parameters. */
  url: string;
  ref: string | null;
  depth: number | null;
}

/** Splits go-getter's `?ref=` and `?depth=` off a git URL; other parameters stay with the URL. */
export function gitPackage(address: string): GitPackage {
  const q = address.indexOf('?');
  if (q < 0) return { url: address, ref: null, depth: null };
  const params = new URLSearchParams(address.slice(q + 1));
  const ref = params.get('ref');
  const depth = params.get('depth');
  if (params.has('sshkey')) throw new DownloadError('?sshkey= is not supported: configure the key for ssh instead');
  params.delete('ref');
  params.delete('depth');
  const rest = params.toString();
  return { url: address.slice(0, q) + (rest ? `?${rest}` : ''), ref, depth: depth ? Number(depth) : null };
}

const SAFE_REF = /^[A-Za-z0-9._/@+-]+$/;

function run(args: string[], cwd: string, timeoutMs: number, allowFile: boolean): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', GIT_CONFIG_NOSYSTEM: '1' };
  if (!process.env['GIT_SSH_COMMAND']) env['GIT_SSH_COMMAND'] = 'ssh -o BatchMode=yes';
  const config = ['-c', 'protocol.ext.allow=never', '-c', `protocol.file.allow=${allowFile ? 'always' : 'never'}`, '-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false'];
  return new Promise((resolve, reject) => {
    execFile('git', [...config, ...args], { cwd, env, timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new DownloadError('git is not installed; it is needed for git:: module sources'));
      if (err.killed) return reject(new DownloadError(`git did not finish within ${seconds(timeoutMs)} s`));
      const last = String(stderr).trim().split('\n').filter((l) => /^(fatal|error):/.test(l)).pop() ?? `git exited with ${err.code}`;
      reject(new DownloadError(last.replace(/https?:\/\/[^@\s]*@/g, 'https://')));
    });
  });
}

/**
 * Clones one revision of a git repository into `dest` (which must not exist) with the git CLI:
 * shallow when the ref is a branch or tag, a full clone and checkout for a commit id. Never
 * prompts, never runs hooks, and file:// repositories only when `allowFile` (the scanned code
 * itself names them, not a downloaded module or a registry). The .git folder is removed.
 */
export async function gitClone(address: string, dest: string, timeoutMs: number, allowFile: boolean): Promise<void> {
  const pkg = gitPackage(address);
  if (pkg.url.startsWith('-') || (pkg.ref !== null && (!SAFE_REF.test(pkg.ref) || pkg.ref.startsWith('-')))) throw new DownloadError('the git address or its ?ref= has characters git could take as options; it is refused');
  if (/^file:/i.test(pkg.url) && !allowFile) throw new DownloadError(`${pkg.url.slice(0, 7)}… : a downloaded module or a registry may not point at a local repository`);
  const shown = /^[a-z]+:\/\//i.test(pkg.url) ? shownUrl(pkg.url) : pkg.url.replace(/^[^@]*@/, '');
  const parent = path.dirname(dest);
  const depth = pkg.depth ?? 1;
  const attempt = async (args: string[]): Promise<boolean> => {
    try {
      await run(args, parent, timeoutMs, allowFile);
      return true;
    } catch (err) {
      fs.rmSync(dest, { recursive: true, force: true });
      if (err instanceof DownloadError && /within|not installed/.test(err.message)) throw new DownloadError(`${shown}: ${err.message}`);
      return false;
    }
  };
  const shallow = ['clone', '--quiet', `--depth=${depth}`, ...(pkg.ref ? ['--branch', pkg.ref] : []), '--', pkg.url, dest];
  if (!(await attempt(shallow))) {
    try {
      await run(['clone', '--quiet', '--', pkg.url, dest], parent, timeoutMs, allowFile);
      if (pkg.ref) await run(['checkout', '--quiet', '--detach', pkg.ref, '--'], dest, timeoutMs, allowFile);
    } catch (err) {
      fs.rmSync(dest, { recursive: true, force: true });
      throw new DownloadError(`${shown}${pkg.ref ? ` at ${pkg.ref}` : ''}: ${(err as Error).message}`);
    }
  }
  fs.rmSync(path.join(dest, '.git'), { recursive: true, force: true });
}
