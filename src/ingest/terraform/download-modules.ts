import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { LoadedTree } from './load.js';
import { readManifest, type ModuleManifest } from './modules/manifest.js';
import { DEFAULT_DOWNLOAD_LIMITS } from './modules/download/http.js';
import { installModules, type RootDownloads } from './modules/download/install.js';
import { defaultModuleCache } from './modules/download/package.js';
import { RegistryClient } from './modules/download/registry.js';
import type { ModuleDownloadSettings } from './modules/download/settings.js';


/** The modules.json beside a root module, or null (a malformed one is reported by the evaluation). */
export function manifestOf(tree: LoadedTree, dir: string): ModuleManifest | null {
  try {
    return readManifest(path.join(tree.rootAbs, dir), (file) => tree.files.readText(file));
  } catch {
    return null;
  }
}

/**
 * Fetches, for every root module, the registry, git and archive modules its calls need and
 * `terraform init` has not installed; returns them by root folder (relative to the module
 * root), and every package folder fetched (they become readable roots of their own).
 */
export async function downloadModules(tree: LoadedTree, roots: string[], settings: ModuleDownloadSettings, diagnostics: Diagnostic[]): Promise<{ byRoot: Map<string, RootDownloads>; packages: string[] }> {
  const env = settings.env ?? process.env;
  const limits = { ...DEFAULT_DOWNLOAD_LIMITS, ...settings.limits };
  const registry = new RegistryClient({ hosts: new Map(Object.entries(settings.registries ?? {}).map(([h, u]) => [h.toLowerCase(), u])), limits, env });
  const toInstall = roots.flatMap((dir) => {
    const config = tree.configs.get(dir);
    return config ? [{ dirAbs: path.join(tree.rootAbs, dir), config, manifest: manifestOf(tree, dir) }] : [];
  });
  const packages: string[] = [];
  let byAbs: Map<string, RootDownloads>;
  try {
    byAbs = await installModules(toInstall, {
      cacheDir: path.resolve(settings.cacheDir ?? defaultModuleCache(env)),
      limits,
      registry,
      moduleRoot: tree.rootAbs,
      loadLocal: (dirAbs) => tree.load(tree.files.relative(dirAbs)),
      onPackage: (dir) => packages.push(dir),
      ...(settings.progress ? { progress: settings.progress } : {}),
    });
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `--download-modules: ${(err as Error).message}` });
    return { byRoot: new Map(), packages };
  }
  const byRoot = new Map<string, RootDownloads>();
  for (const [abs, d] of byAbs) byRoot.set(tree.files.relative(abs), d);
  return { byRoot, packages };
}
