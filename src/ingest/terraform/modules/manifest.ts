import fs from 'node:fs';
import path from 'node:path';

/** One entry of `.terraform/modules/modules.json`, as `terraform init` writes it. */
export interface ManifestRecord {
  /** The dotted path of module call names from the root (`sg`, `sg.inner`); "" is the root. */
  key: string;
  source: string;
  version?: string;
  /** Absolute folder of the module's code (the record's `Dir` is relative to the root module). */
  dirAbs: string;
}

export interface ModuleManifest {
  /** Absolute path of the modules.json that was read. */
  file: string;
  records: Map<string, ManifestRecord>;
}

export const MANIFEST = path.join('.terraform', 'modules', 'modules.json');

/**
 * Reads the modules.json `terraform init` left beside a root module; null when there is none.
 * (A TF_DATA_DIR elsewhere is not followed: it belongs to one shell, not to the folder.) A
 * malformed file throws an Error saying so, never quoting its contents.
 */
export function readManifest(rootModuleAbs: string, read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): ModuleManifest | null {
  const file = path.join(rootModuleAbs, MANIFEST);
  let text: string;
  try {
    text = read(file);
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON; run terraform init again');
  }
  const list = (parsed as { Modules?: unknown })?.Modules;
  if (!Array.isArray(list)) throw new Error('has no "Modules" list; run terraform init again');
  const records = new Map<string, ManifestRecord>();
  for (const r of list as Record<string, unknown>[]) {
    if (typeof r?.Key !== 'string' || typeof r.Dir !== 'string') continue;
    records.set(r.Key, {
      key: r.Key,
      source: typeof r.Source === 'string' ? r.Source : '',
      ...(typeof r.Version === 'string' && r.Version ? { version: r.Version } : {}),
      dirAbs: path.resolve(rootModuleAbs, r.Dir),
    });
  }
  return { file, records };
}
