import fs from 'node:fs';
import type { ModuleManifest } from './manifest.js';
import { parseModuleSource, sourceString, type RegistrySource, type RemoteSource } from './source-address.js';
import { parseConstraints, parseVersion, satisfies, type Constraint } from './version.js';

/** A module call whose source is not a local path. */
export interface RemoteCall {
  /** Dotted path of call names from the root module (`sg`, `sg.inner`), as modules.json keys it. */
  key: string;
  source: RegistrySource | RemoteSource;
  raw: string;
  /** The parsed `version` argument, if any. */
  constraints: Constraint[] | null;
  versionText: string | null;
}

/** A module package fetched by --download-modules for one module key. */
export interface DownloadedModule {
  dirAbs: string;
  version?: string;
}

/** A doubt about an installed module, placed at the call's `source` or `version` argument. */
export interface ResolutionWarning {
  about: 'source' | 'version';
  message: string;
}

export type Resolution =
  | { dirAbs: string; version?: string; warnings: ResolutionWarning[] }
  | { missing: string };

const same = (a: string, b: string): boolean => {
  if (a === b) return true;
  const pa = parseModuleSource(a);
  const pb = parseModuleSource(b);
  return !!pa && !!pb && sourceString(pa) === sourceString(pb);
};

/**
 * Finds the folder of a registry, git or archive module call: the one `terraform init` recorded in
 * `.terraform/modules/modules.json` beside the root module, else the one --download-modules
 * fetched. Never reaches the network itself.
 */
export class ModuleResolver {
  constructor(
    private readonly manifest: ModuleManifest | null,
    /** How to name the root module's folder in advice ("examples/complete"). */
    private readonly rootShown: string,
    private readonly downloaded: ReadonlyMap<string, DownloadedModule> = new Map(),
    /** Why the download of a key failed, said instead of the generic advice. */
    private readonly downloadFailures: ReadonlyMap<string, string> = new Map(),
  ) {}

  resolve(call: RemoteCall): Resolution {
    const record = this.manifest?.records.get(call.key);
    if (record) {
      if (!fs.existsSync(record.dirAbs)) return { missing: `it is listed in .terraform/modules/modules.json but its folder is gone; run terraform init in ${this.rootShown}` };
      const warnings: ResolutionWarning[] = [];
      if (record.source && !same(record.source, call.raw)) {
        warnings.push({ about: 'source', message: `.terraform/modules/modules.json records it from ${JSON.stringify(record.source)}, not ${JSON.stringify(call.raw)}; the installed copy is scanned: run terraform init in ${this.rootShown} to install the one the code names` });
      }
      const v = record.version ? parseVersion(record.version) : null;
      if (call.constraints && v && !satisfies(v, call.constraints)) {
        warnings.push({ about: 'version', message: `the installed version ${record.version} does not meet the constraint ${JSON.stringify(call.versionText)}; version ${record.version} is scanned: run terraform init -upgrade in ${this.rootShown} to install a matching one` });
      }
      return { dirAbs: record.dirAbs, ...(record.version ? { version: record.version } : {}), warnings };
    }
    const got = this.downloaded.get(call.key);
    if (got) return { dirAbs: got.dirAbs, ...(got.version ? { version: got.version } : {}), warnings: [] };
    const failed = this.downloadFailures.get(call.key);
    if (failed) return { missing: failed };
    return { missing: `it is not installed: run terraform init in ${this.rootShown} (sglint then reads .terraform/modules), scan a plan JSON instead, or use --download-modules` };
  }
}

/** Parses a call's `version` argument; throws an Error with Terraform's complaint. */
export function callConstraints(text: string | null, source: RegistrySource | RemoteSource): Constraint[] | null {
  if (text === null) return null;
  if (source.kind !== 'registry') throw new Error('a version constraint applies only to a module registry source; pin git sources with ?ref= instead');
  return parseConstraints(text);
}
