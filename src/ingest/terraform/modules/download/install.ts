import fs from 'node:fs';
import path from 'node:path';
import { addFile, attribute, emptyConfig, type ModuleConfig } from '../../eval/config.js';
import { parseHcl } from '../../hcl/parser.js';
import type { ModuleManifest } from '../manifest.js';
import { callConstraints, type DownloadedModule } from '../resolver.js';
import { parseModuleSource, packageAddress, type RegistrySource, type RemoteSource } from '../source-address.js';
import { versionString } from '../version.js';
import { DownloadError } from './http.js';
import { fetchPackage, packageSubdir, type PackageFetcher } from './package.js';
import type { RegistryClient } from './registry.js';

/** What --download-modules fetched for one root module, by module key. */
export interface RootDownloads {
  downloaded: Map<string, DownloadedModule>;
  failures: Map<string, string>;
}

export interface RootToInstall {
  dirAbs: string;
  config: ModuleConfig;
  manifest: ModuleManifest | null;
}

export interface InstallContext extends PackageFetcher {
  registry: RegistryClient;
  /** Local sources of the scanned code may reach anything inside this folder (the module root). */
  moduleRoot: string;
  /** Loads the module in a folder of the scanned code (null when it has no .tf files). */
  loadLocal(dirAbs: string): ModuleConfig | null;
  /** Told each package folder a call resolved to (once or more). */
  onPackage?: (pkgDir: string) => void;
}

const MAX_DEPTH = 25;
const inside = (dir: string, p: string): boolean => p === dir || p.startsWith(dir + path.sep);

/** A downloaded module's configuration, parsed for its own module calls only. */
function parseCached(dirAbs: string): ModuleConfig | null {
  let names: string[];
  try {
    names = fs.readdirSync(dirAbs).filter((n) => n.endsWith('.tf')).sort();
  } catch {
    return null;
  }
  if (!names.length) return null;
  const config = emptyConfig(dirAbs);
  for (const n of names) {
    const parsed = parseHcl(n, fs.readFileSync(path.join(dirAbs, n), 'utf8'));
    addFile(config, parsed.file, parsed.body, []);
  }
  return config;
}

const literal = (config: ModuleConfig, name: string, attr: string): string | null => {
  const a = attribute(config.moduleCalls.get(name)!.node.body, attr);
  return a?.expr.t === 'lit' && typeof a.expr.v === 'string' ? a.expr.v : null;
};

/**
 * `terraform init`'s module installation for the calls no modules.json covers: walks each root
 * module's calls (local ones too, to reach the remote calls inside them), resolves registry
 * versions, fetches packages into the cache, and recurses into what was fetched. A failure is
 * kept per module key, said later where the call is; the other modules are still fetched.
 */
export async function installModules(roots: RootToInstall[], ctx: InstallContext): Promise<Map<string, RootDownloads>> {
  const packages = new Map<string, Promise<string>>();
  const fetchOnce = (src: RemoteSource, version: string, trusted: boolean): Promise<string> => {
    const key = `${packageAddress({ ...src, subdir: '' })}\n${version}`;
    let p = packages.get(key);
    if (!p) packages.set(key, (p = fetchPackage(src, version, trusted, ctx)));
    return p;
  };
  const out = new Map<string, RootDownloads>();
  for (const root of roots) {
    const result: RootDownloads = { downloaded: new Map(), failures: new Map() };
    out.set(root.dirAbs, result);
    // boundary: null in the scanned code (local paths stay in the module root), else the package folder.
    const visit = async (config: ModuleConfig, dirAbs: string, prefix: string, boundary: string | null, depth: number): Promise<void> => {
      if (depth > MAX_DEPTH) return;
      for (const name of config.moduleCalls.keys()) {
        const key = prefix ? `${prefix}.${name}` : name;
        const raw = literal(config, name, 'source');
        const parsed = raw === null ? null : parseModuleSource(raw);
        if (!parsed) continue; // the evaluation reports it
        if (parsed.kind === 'local') {
          const child = path.resolve(dirAbs, parsed.path);
          if (!inside(boundary ?? ctx.moduleRoot, child)) continue; // refused when evaluated
          const childConfig = boundary ? parseCached(child) : ctx.loadLocal(child);
          if (childConfig) await visit(childConfig, child, key, boundary, depth + 1);
          continue;
        }
        if (root.manifest?.records.has(key)) continue; // installed by terraform init: that copy is read
        try {
          const got = await fetchCall(parsed, literal(config, name, 'version'), boundary === null, ctx, fetchOnce);
          result.downloaded.set(key, { dirAbs: got.dir, ...(got.version ? { version: got.version } : {}) });
          const childConfig = parseCached(got.dir);
          if (childConfig) await visit(childConfig, got.dir, key, got.pkg, depth + 1);
        } catch (err) {
          if (!(err instanceof Error)) throw err;
          result.failures.set(key, `its download failed: ${err.message}`);
        }
      }
    };
    await visit(root.config, root.dirAbs, '', null, 0);
  }
  return out;
}

async function fetchCall(
  s: RegistrySource | RemoteSource,
  versionText: string | null,
  trusted: boolean,
  ctx: InstallContext,
  fetchOnce: (src: RemoteSource, version: string, trusted: boolean) => Promise<string>,
): Promise<{ dir: string; pkg: string; version?: string }> {
  if (s.kind === 'registry') {
    const version = await ctx.registry.select(s, callConstraints(versionText, s), versionText);
    const location = await ctx.registry.location(s, version);
    const real = parseModuleSource(location);
    if (!real || real.kind !== 'remote') throw new DownloadError(`the registry at ${s.host} gave a location that is not a remote package address`);
    const pkg = await fetchOnce(real, versionString(version), false);
    ctx.onPackage?.(pkg);
    const subdir = [real.subdir, s.subdir].filter(Boolean).join('/');
    return { dir: packageSubdir(pkg, subdir), pkg, version: versionString(version) };
  }
  const pkg = await fetchOnce(s, '', trusted);
  ctx.onPackage?.(pkg);
  return { dir: packageSubdir(pkg, s.subdir), pkg };
}
