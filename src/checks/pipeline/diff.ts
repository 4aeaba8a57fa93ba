import fs from 'node:fs';
import path from 'node:path';
import type { RawFinding } from '../finding.js';
import type { ScanReport } from './types.js';
import { sourceChanges, type EndpointExposure, type SourceBreadth } from '../../solver/index.js';
import { Traffic } from '../../solver/traffic.js';
import type { AddrSet } from '../../solver/layers.js';
import { materializeRef } from './git-tree.js';
import { scan, type ScanInput } from './scan.js';
import { findConfig } from '../config/load-config.js';
import { moduleRootOf } from '../../ingest/files/input-files.js';

/** One kind of traffic whose public sources changed: where it comes from now, and where before. */
export interface SourceShift {
  family: 4 | 6;
  traffic: Traffic;
  now: AddrSet;
  was: AddrSet;
}

export interface ExposureChange {
  id: string;
  /** The traffic that changed (opened: now reachable from some public address that could not before; closed: the reverse). */
  internet: Traffic;
  internet6: Traffic;
  /** Per kind of traffic, its public sources after and before: a widened or narrowed source shows here. */
  sources: SourceShift[];
}

export interface DiffResult {
  base: ScanReport;
  head: ScanReport;
  added: RawFinding[];
  removed: RawFinding[];
  opened: ExposureChange[];
  closed: ExposureChange[];
}

export type DiffInput = Omit<ScanInput, 'cwd' | 'paths' | 'baseline' | 'writeBaseline'> & {
  base: string;
  head: string;
  paths: string[];
  cwd: string;
  /** The module root of the base tree when it differs from `root` (a base read into a temporary folder). */
  baseRoot?: string | undefined;
};

/**
 * Scans two trees (folders, or git refs read with `git archive`) with the same configuration —
 * the given one, else the base's (found inside the base's root), else none: built-in rules. Never
 * the head's, so a change can neither switch off the rules that judge it nor run its own code as
 * custom rules. Findings are compared by fingerprint (moved lines are not news), exposure by endpoint.
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
    const baseDir = trees[0]!.dir;
    // A git ref's tree is self-contained: its config is looked for inside it, not above the temp folder.
    const baseRoot = input.baseRoot ?? trees[0]!.root ?? (input.root ? path.resolve(input.cwd, input.root) : moduleRootOf(baseDir));
    const given = input.configFile ? path.resolve(input.cwd, input.configFile) : undefined;
    const baseConfig = given ?? (input.noConfig ? undefined : findConfig(baseDir, baseRoot));
    const choice = { configFile: baseConfig, configRoot: given ? input.configRoot : baseRoot, noConfig: !baseConfig };
    const side = async (t: { dir: string; root?: string | undefined }): Promise<ScanReport> =>
      (await scan({ ...input, ...choice, cwd: t.dir, root: t.root ?? input.root, paths: input.paths.length ? input.paths : ['.'] })).report;
    const [base, head] = [await side({ dir: baseDir, root: input.baseRoot ?? trees[0]!.root }), await side(trees[1]!)];
    if (!baseConfig) head.diagnostics.unshift({ severity: 'info', message: 'the base has no .sglint.yml: built-in rules with their defaults judge both sides (a configuration in the head is never used, so a change cannot alter the rules that judge it)' });
    return compare(base, head);
  } finally {
    for (const t of trees) t.cleanup();
  }
}

function compare(base: ScanReport, head: ScanReport): DiffResult {
  const baseFp = new Set(base.findings.map((f) => f.fingerprint));
  const headFp = new Set(head.findings.map((f) => f.fingerprint));
  const { opened, closed } = exposureChanges(base, head);
  return { base, head, added: head.findings.filter((f) => !baseFp.has(f.fingerprint)), removed: base.findings.filter((f) => !headFp.has(f.fingerprint)), opened, closed };
}

const NO_SOURCES: SourceBreadth = { 4: [], 6: [] };
const exposed = (x: EndpointExposure | undefined): boolean => !!x && (!x.internet.isEmpty() || !x.internet6.isEmpty());

/**
 * Direct exposure compared per endpoint as (public address × traffic): a port reachable from more
 * of the internet than before is opened even when the port itself was open already.
 */
function exposureChanges(base: ScanReport, head: ScanReport): { opened: ExposureChange[]; closed: ExposureChange[] } {
  const old = new Map((base.exposure?.() ?? []).map((x) => [x.endpoint.id, x]));
  const now = new Map((head.exposure?.() ?? []).map((x) => [x.endpoint.id, x]));
  const opened: ExposureChange[] = [];
  const closed: ExposureChange[] = [];
  const breadth = (r: ScanReport, x: EndpointExposure | undefined): SourceBreadth => (exposed(x) && r.sources ? r.sources(x!.endpoint) : NO_SOURCES);
  for (const id of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(id);
    const b = now.get(id);
    if (!exposed(a) && !exposed(b)) continue;
    const before = breadth(base, a);
    const after = breadth(head, b);
    const change = (gained: SourceBreadth, lost: SourceBreadth, forward: boolean): ExposureChange | null => {
      const shifts: SourceShift[] = [];
      for (const f of [4, 6] as const) {
        for (const c of sourceChanges(gained[f], lost[f], f)) shifts.push(forward ? { family: f, traffic: c.traffic, now: c.after, was: c.before } : { family: f, traffic: c.traffic, now: c.before, was: c.after });
      }
      if (!shifts.length) return null;
      const union = (f: 4 | 6): Traffic => shifts.filter((x) => x.family === f).reduce((t, x) => t.union(x.traffic), Traffic.NONE);
      return { id, internet: union(4), internet6: union(6), sources: shifts };
    };
    const o = change(after, before, true);
    if (o) opened.push(o);
    const c = change(before, after, false);
    if (c) closed.push(c);
  }
  return { opened, closed };
}
