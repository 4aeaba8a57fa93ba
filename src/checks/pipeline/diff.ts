import fs from 'node:fs';
import path from 'node:path';
import type { RawFinding } from '../finding.js';
import type { ScanReport } from './types.js';
import type { EndpointExposure } from '../../solver/index.js';
import type { Traffic } from '../../solver/traffic.js';
import { materializeRef } from './git-tree.js';
import { scan, type ScanInput } from './scan.js';
import { findConfig } from '../config/load-config.js';

export interface ExposureChange {
  id: string;
  /** The traffic that changed (opened: now reachable and not before; closed: the reverse). */
  internet: Traffic;
  internet6: Traffic;
}

export interface DiffResult {
  base: ScanReport;
  head: ScanReport;
  added: RawFinding[];
  removed: RawFinding[];
  opened: ExposureChange[];
  closed: ExposureChange[];
}

export type DiffInput = Omit<ScanInput, 'cwd' | 'paths' | 'baseline' | 'writeBaseline'> & { base: string; head: string; paths: string[]; cwd: string };

/**
 * Scans two trees (folders, or git refs read with `git archive`) with the same configuration —
 * the base's, so a change cannot switch off the rules that judge it — and compares findings by
 * fingerprint (moved lines are not news) and exposure by endpoint.
 */
export async function diff(input: DiffInput): Promise<DiffResult | { error: string }> {
  const isFile = (p: string): boolean => {
    const f = path.resolve(input.cwd, p.replace(/#before$/, ''));
    return fs.existsSync(f) && fs.statSync(f).isFile();
  };
  if (isFile(input.base) && isFile(input.head)) {
    // Two inputs (a plan and its prior state, two snapshots): scanned in place with one config.
    const side = async (p: string): Promise<ScanReport> => (await scan({ ...input, paths: [p] })).report;
    return compare(await side(input.base), await side(input.head));
  }
  const trees: { dir: string; root?: string; cleanup(): void }[] = [];
  try {
    for (const side of [input.base, input.head]) {
      const asDir = path.resolve(input.cwd, side);
      if (fs.existsSync(asDir) && fs.statSync(asDir).isDirectory()) trees.push({ dir: asDir, cleanup: () => undefined });
      else {
        const t = materializeRef(side, input.cwd);
        if ('error' in t) return t;
        trees.push(t);
      }
    }
    const [baseDir, headDir] = [trees[0]!.dir, trees[1]!.dir];
    // A git ref's tree is self-contained: its config is looked for inside it, not above the temp folder.
    const baseConfig = input.configFile ? path.resolve(input.cwd, input.configFile) : findConfig(baseDir, trees[0]!.root);
    const side = async (dir: string): Promise<ScanReport> => (await scan({ ...input, cwd: dir, paths: input.paths.length ? input.paths : ['.'], configFile: baseConfig })).report;
    return compare(await side(baseDir), await side(headDir));
  } finally {
    for (const t of trees) t.cleanup();
  }
}

function compare(base: ScanReport, head: ScanReport): DiffResult {
  const baseFp = new Set(base.findings.map((f) => f.fingerprint));
  const headFp = new Set(head.findings.map((f) => f.fingerprint));
  const { opened, closed } = exposureChanges(base.exposure?.() ?? [], head.exposure?.() ?? []);
  return { base, head, added: head.findings.filter((f) => !baseFp.has(f.fingerprint)), removed: base.findings.filter((f) => !headFp.has(f.fingerprint)), opened, closed };
}

function exposureChanges(before: EndpointExposure[], after: EndpointExposure[]): { opened: ExposureChange[]; closed: ExposureChange[] } {
  const old = new Map(before.map((x) => [x.endpoint.id, x]));
  const now = new Map(after.map((x) => [x.endpoint.id, x]));
  const opened: ExposureChange[] = [];
  const closed: ExposureChange[] = [];
  const change = (a: EndpointExposure | undefined, b: EndpointExposure | undefined, id: string, into: ExposureChange[]): void => {
    if (!b) return;
    const v4 = a ? b.internet.difference(a.internet) : b.internet;
    const v6 = a ? b.internet6.difference(a.internet6) : b.internet6;
    if (!v4.isEmpty() || !v6.isEmpty()) into.push({ id, internet: v4, internet6: v6 });
  };
  for (const [id, x] of now) change(old.get(id), x, id, opened);
  for (const [id, x] of old) change(now.get(id), x, id, closed);
  return { opened, closed };
}
