import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation } from './sarif.js';

/**
 * SARIF locations as code scanning places them: relative to the repository root (the git work
 * tree holding the file), whatever folder sglint ran in or was pointed at, so a scan of `../x` or
 * from a subfolder never writes `../` or a path missing its folders. A file outside any work
 * tree is relative to the folder sglint ran in when inside it, else an absolute file URI (a
 * downloaded module in the cache).
 */
export function repositoryLocations(cwd: string): (file: string) => ArtifactLocation {
  const roots = new Map<string, string | null>();
  const gitRoot = (dir: string): string | null => {
    const seen: string[] = [];
    let found: string | null = null;
    for (let d = dir; ; d = path.dirname(d)) {
      const known = roots.get(d);
      if (known !== undefined) {
        found = known;
        break;
      }
      seen.push(d);
      if (fs.existsSync(path.join(d, '.git'))) {
        found = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    for (const d of seen) roots.set(d, found);
    return found;
  };
  const inside = (root: string, abs: string): string | null => {
    const rel = path.relative(root, abs);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : null;
  };
  return (file) => {
    const abs = path.resolve(cwd, file);
    const root = gitRoot(path.dirname(abs));
    const rel = inside(root ?? cwd, abs);
    return rel ? { uri: rel, uriBaseId: '%SRCROOT%' } : { uri: pathToFileURL(abs).href };
  };
}
