import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseModuleSource, packageAddress, type RemoteSource } from '../source-address.js';
import { archiveKind, extractArchive } from './archive.js';
import { gitClone, gitPackage } from './git.js';
import { DownloadError, httpGet, shownUrl, type DownloadLimits } from './http.js';
import { absoluteLocation } from './registry.js';

/** The default module cache: the user's cache folder, as each platform names it. */
export function defaultModuleCache(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local'), 'sglint', 'modules');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'sglint', 'modules');
  return path.join(env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache'), 'sglint', 'modules');
}

export interface PackageFetcher {
  cacheDir: string;
  limits: DownloadLimits;
  /** One line per package fetched or reused (a terminal shows them). */
  progress?: (line: string) => void;
}

/** Folder of a cached package: readable name + a hash of the address and version. */
function cacheEntry(cacheDir: string, address: string, version: string): string {
  const hash = crypto.createHash('sha256').update(`${address}\n${version}`).digest('hex').slice(0, 20);
  const slug = address.replace(/\?.*$/, '').replace(/\.git$/, '').split(/[/:]+/).filter(Boolean).slice(-2).join('-').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  return path.join(cacheDir, `${slug}-${version ? `${version.replace(/[^A-Za-z0-9._-]/g, '_')}-` : ''}${hash}`);
}

/** Drops symlinks that leave the package and checks the unpacked size (a clone is not streamed through the limits). */
function settle(dir: string, limits: DownloadLimits): void {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isSymbolicLink()) {
        let real = '';
        try {
          real = fs.realpathSync(p);
        } catch {
          // dangling: dropped below
        }
        if (!real || !(real === dir || real.startsWith(dir + path.sep))) fs.rmSync(p, { force: true });
        continue;
      }
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += fs.statSync(p).size;
        if (++files > limits.maxFiles || bytes > limits.maxUnpackedBytes) throw new DownloadError(`the package is larger than the limits (${limits.maxFiles} files, ${limits.maxUnpackedBytes} bytes)`);
      }
    }
  };
  walk(dir);
}

/**
 * Fetches a remote package (git, or an archive over http/https, or an http URL answering with
 * X-Terraform-Get) into the cache, keyed by address and version, and returns its folder.
 * A pinned package found in the cache is reused; an unpinned git branch is fetched again.
 */
export async function fetchPackage(src: RemoteSource, version: string, trusted: boolean, f: PackageFetcher, hops = 0): Promise<string> {
  const address = packageAddress({ ...src, subdir: '' });
  const final = cacheEntry(f.cacheDir, address, version);
  const pinned = src.getter !== 'git' || gitPackage(src.url).ref !== null || version !== '';
  const shown = `${address.replace(/\?.*$/, '')}${version ? ` ${version}` : ''}`;
  if (pinned && fs.existsSync(path.join(final, 'source.json'))) {
    f.progress?.(`using the cached ${shown}`);
    return path.join(final, 'pkg');
  }
  fs.mkdirSync(f.cacheDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(f.cacheDir, '.tmp-'));
  try {
    const pkg = path.join(tmp, 'pkg');
    f.progress?.(`downloading ${shown}`);
    if (src.getter === 'git') await gitClone(src.url, pkg, f.limits.timeoutMs, trusted);
    else if (src.getter === 'http') {
      const redirect = await fetchHttp(src.url, pkg, f.limits);
      if (redirect) {
        if (hops >= 3) throw new DownloadError(`${shownUrl(src.url)}: too many X-Terraform-Get redirections`);
        const next = parseModuleSource(redirect);
        if (!next || next.kind !== 'remote') throw new DownloadError(`${shownUrl(src.url)} points at ${JSON.stringify(redirect.slice(0, 200))}, which is not a remote package address`);
        if (next.subdir) throw new DownloadError(`${shownUrl(src.url)} points at a //subdir, which Terraform does not follow here`);
        fs.rmSync(tmp, { recursive: true, force: true });
        return fetchPackage(next, version, false, f, hops + 1);
      }
    } else throw new DownloadError(`${src.getter}:: sources are not downloaded by sglint; run terraform init and scan again (sglint reads .terraform/modules)`);
    settle(pkg, f.limits);
    fs.writeFileSync(path.join(tmp, 'source.json'), `${JSON.stringify({ source: address, version, fetched: new Date().toISOString() })}\n`);
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(tmp, final);
    return path.join(final, 'pkg');
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Downloads an archive into `dest`; or, for a URL that is no archive, returns its X-Terraform-Get location. */
async function fetchHttp(url: string, dest: string, limits: DownloadLimits): Promise<string | null> {
  const kind = archiveKind(url);
  if (kind === 'unsupported') throw new DownloadError(`${shownUrl(url)}: only .zip, .tar.gz, .tgz and .tar archives are supported`);
  if (kind === null) {
    const ask = new URL(url);
    ask.searchParams.set('terraform-get', '1');
    const res = await httpGet(ask.toString(), limits);
    if (res.status !== 200 && res.status !== 204) throw new DownloadError(`${shownUrl(url)} answered HTTP ${res.status}`);
    const header = res.headers.get('x-terraform-get');
    const meta = /<meta\s+name=["']terraform-get["']\s+content=["']([^"']+)["']/i.exec(res.body.toString('utf8'));
    const location = header ?? meta?.[1];
    if (!location) throw new DownloadError(`${shownUrl(url)} is neither an archive (.zip, .tar.gz) nor answers with X-Terraform-Get`);
    return absoluteLocation(location, res.url);
  }
  const res = await httpGet(url, limits);
  if (res.status !== 200) throw new DownloadError(`${shownUrl(url)} answered HTTP ${res.status}`);
  const archive = res.headers.get('x-terraform-get');
  if (archive) return absoluteLocation(archive, res.url);
  fs.mkdirSync(dest);
  try {
    extractArchive(kind, res.body, dest, limits);
  } catch (err) {
    throw err instanceof DownloadError ? new DownloadError(`${shownUrl(url)}: ${err.message}`) : err;
  }
  return null;
}

/** The module folder for a //subdir of a package; `*` in a segment matches its only entry (go-getter's glob). */
export function packageSubdir(pkgDir: string, subdir: string): string {
  let dir = pkgDir;
  for (const seg of subdir.split('/').filter(Boolean)) {
    if (seg === '..' || seg === '.') throw new DownloadError(`the //subdir ${JSON.stringify(subdir)} may not contain "." or ".." segments`);
    if (seg.includes('*')) {
      const re = new RegExp(`^${seg.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
      const hits = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => re.test(n)) : [];
      if (hits.length !== 1) throw new DownloadError(`the //subdir pattern ${JSON.stringify(seg)} matches ${hits.length} entries; it must match exactly one`);
      dir = path.join(dir, hits[0]!);
    } else dir = path.join(dir, seg);
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DownloadError(`the package has no folder ${JSON.stringify(subdir)}`);
  return dir;
}
