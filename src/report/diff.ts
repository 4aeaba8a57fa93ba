import type { RawFinding } from '../checks/finding.js';
import { SEVERITIES } from '../checks/rule-api.js';
import type { SourceShift } from '../checks/pipeline/diff.js';
import { describeSources, publicCidrs } from '../net/cidrs.js';
import type { IntervalSet, Scalar } from '../net/interval-set.js';
import type { Traffic } from '../solver/traffic.js';
import { guardLines, mdCode, mdText, plain } from './escape.js';
import { describeTraffic, shortId } from './exposure.js';
import { publicFinding } from './json.js';
import { exposureSection, findingsTable, inputErrors, ruleLink, safeExposure } from './markdown.js';
import type { ScanReport } from '../checks/pipeline/types.js';

export interface DiffReport {
  added: RawFinding[];
  removed: RawFinding[];
  opened: { id: string; internet: Traffic; internet6: Traffic; sources?: SourceShift[] }[];
  closed: { id: string; internet: Traffic; internet6: Traffic; sources?: SourceShift[] }[];
  head: ScanReport;
  base: ScanReport;
}

/**
 * The head's input problems, and the base's partial-read notes (a base snapshot that missed a
 * region's interfaces would make everything there look newly exposed): both sides are said.
 */
export function diffDiagnostics(d: Pick<DiffReport, 'head' | 'base'>): ScanReport['diagnostics'] {
  const base = d.base.diagnostics.filter((x) => x.partial).map((x) => ({ ...x, message: `base: ${x.message}` }));
  return base.length ? [...d.head.diagnostics, ...base] : d.head.diagnostics;
}

/** Diff JSON (schema/diff.schema.json): added/removed findings (by fingerprint) and exposure opened/closed. */
export function formatDiffJson(d: DiffReport): string {
  const change = (c: DiffReport['opened'][number]) => ({
    id: c.id, internet: c.internet.toJSON(4), internet6: c.internet6.toJSON(6),
    ...(c.sources ? { sources: c.sources.map((x) => ({ family: x.family, traffic: x.traffic.toJSON(x.family), now: cidrs(x.now, x.family), was: cidrs(x.was, x.family) })) } : {}),
  });
  return JSON.stringify({
    schemaVersion: 1,
    added: d.added.map(publicFinding), removed: d.removed.map(publicFinding),
    exposure: { opened: d.opened.map(change), closed: d.closed.map(change) },
    diagnostics: diffDiagnostics(d),
  }, null, 2) + '\n';
}

const cidrs = (a: unknown, f: 4 | 6): string[] => publicCidrs(a as IntervalSet<Scalar>, f);
const sources = (a: unknown, f: 4 | 6): string => describeSources(a as IntervalSet<Scalar>, f);

/** "tcp 22 now from the whole internet, was 198.51.100.0/24" (opened) or "... now from nowhere" (closed). */
export function shiftText(x: SourceShift, opened: boolean): string {
  const what = `${x.family === 6 ? 'IPv6 ' : ''}${describeTraffic(x.traffic, x.family)}`;
  const wasEmpty = (x.was as IntervalSet<Scalar>).isEmpty();
  const nowEmpty = (x.now as IntervalSet<Scalar>).isEmpty();
  if (opened) return `${what} now from ${sources(x.now, x.family)}${wasEmpty ? ' (was not reachable)' : `, was ${sources(x.was, x.family)}`}`;
  return nowEmpty ? `${what} no longer reachable (was from ${sources(x.was, x.family)})` : `${what} now only from ${sources(x.now, x.family)}, was ${sources(x.was, x.family)}`;
}

const exposureLine = (c: DiffReport['opened'][number], opened = true): string => c.sources?.length ? c.sources.map((x) => shiftText(x, opened)).join('; ') : [c.internet.isEmpty() ? '' : `IPv4 ${describeTraffic(c.internet)}`, c.internet6.isEmpty() ? '' : `IPv6 ${describeTraffic(c.internet6, 6)}`].filter(Boolean).join('; ');
const bySeverity = (a: RawFinding, b: RawFinding): number => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);

export function formatDiffText(d: DiffReport): string {
  const out: string[] = [];
  const list = (title: string, fs: RawFinding[], sign: string): void => {
    if (!fs.length) return;
    out.push(`${title}:`);
    for (const f of [...fs].sort(bySeverity)) out.push(`  ${sign} ${f.severity.padEnd(8)} ${plain(f.location.file)}:${f.location.line}  ${plain(f.message)}  ${plain(f.ruleId)}`);
    out.push('');
  };
  list('Added findings', d.added, '+');
  list('Removed findings', d.removed, '-');
  for (const [title, cs, sign] of [['Exposure opened', d.opened, '+'], ['Exposure closed', d.closed, '-']] as const) {
    if (!cs.length) continue;
    out.push(`${title}:`);
    for (const c of cs) out.push(`  ${sign} ${plain(c.id)}: ${exposureLine(c, sign === '+')}`);
    out.push('');
  }
  const partial = diffDiagnostics(d).filter((x) => x.partial);
  if (partial.length) out.push('Partial input (what these calls would have read is unknown):', ...partial.map((x) => `  ${plain(x.message)}`), '');
  out.push(`${d.added.length} added, ${d.removed.length} removed; exposure opened on ${d.opened.length} endpoint${d.opened.length === 1 ? '' : 's'}, closed on ${d.closed.length}`);
  return guardLines(out.join('\n') + '\n');
}

/**
 * PR comment / job summary for a change: what it adds first, then what it fixes, then the
 * exposure it opens and closes with a graph of the paths to what it opens. Sections with
 * nothing in them are left out.
 */
export function formatDiffMarkdown(d: DiffReport, opts: { title?: string; graphBoxes?: number } = {}): string {
  const title = opts.title ?? `sglint: ${d.added.length} new finding${d.added.length === 1 ? '' : 's'}, ${d.removed.length} fixed`;
  const out = [`## ${mdText(title)}`, ''];
  if (!d.added.length && !d.removed.length && !d.opened.length && !d.closed.length) out.push('✅ This change adds no findings and changes no exposure to the internet.', '');
  const exposure = d.added.length || d.opened.length ? safeExposure(d.head) : [];
  if (d.added.length) out.push('### Added by this change', '', ...findingsTable(d.added, exposure));
  if (d.removed.length) {
    out.push('### Fixed by this change', '');
    const sorted = [...d.removed].sort(bySeverity);
    for (const f of sorted.slice(0, 30)) out.push(`- ~~${f.severity}~~ ${ruleLink(f.ruleId)} ${mdText(f.message)}`);
    if (sorted.length > 30) out.push(`- … and ${sorted.length - 30} more`);
    out.push('');
  }
  if (d.opened.length || d.closed.length) {
    out.push('### Exposure to the internet', '', '| Endpoint | Change | What, from where |', '| --- | --- | --- |');
    for (const c of d.opened.slice(0, 50)) out.push(`| ${mdCode(shortId(c.id))} | opened | ${mdText(exposureLine(c))} |`);
    for (const c of d.closed.slice(0, 50)) out.push(`| ${mdCode(shortId(c.id))} | closed | ${mdText(exposureLine(c, false))} |`);
    const more = Math.max(0, d.opened.length - 50) + Math.max(0, d.closed.length - 50);
    if (more) out.push('', `… and ${more} more (see \`sglint diff --format json\`).`);
    out.push('');
    const opened = new Set(d.opened.map((c) => c.id));
    const paths = exposure.filter((x) => opened.has(x.endpoint.id) && x.hopsFromInternet !== null);
    const what = new Map(d.opened.map((c) => [c.id, [c.internet.isEmpty() ? '' : describeTraffic(c.internet), c.internet6.isEmpty() ? '' : `IPv6 ${describeTraffic(c.internet6, 6)}`].filter(Boolean).join('; ')]));
    out.push(...exposureSection(paths, opts.graphBoxes, '#### Paths to what this change exposes', (id) => what.get(id) || undefined));
  }
  out.push(...inputErrors({ diagnostics: diffDiagnostics(d) }));
  return out.join('\n');
}
