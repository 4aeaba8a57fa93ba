import type { RawFinding } from '../checks/finding.js';
import { SEVERITIES } from '../checks/rule-api.js';
import type { Traffic } from '../solver/traffic.js';
import { describeTraffic, mermaidPaths } from './exposure.js';
import { publicFinding } from './json.js';
import { formatMarkdown } from './markdown.js';
import type { ScanReport } from '../checks/pipeline/types.js';

export interface DiffReport {
  added: RawFinding[];
  removed: RawFinding[];
  opened: { id: string; internet: Traffic; internet6: Traffic }[];
  closed: { id: string; internet: Traffic; internet6: Traffic }[];
  head: ScanReport;
  base: ScanReport;
}

/** DESIGN §5 diff JSON: added/removed findings (by fingerprint) and exposure opened/closed. */
export function formatDiffJson(d: DiffReport): string {
  const change = (c: DiffReport['opened'][number]) => ({ id: c.id, internet: c.internet.toJSON(4), internet6: c.internet6.toJSON(6) });
  return JSON.stringify({
    schemaVersion: 1,
    added: d.added.map(publicFinding), removed: d.removed.map(publicFinding),
    exposure: { opened: d.opened.map(change), closed: d.closed.map(change) },
    diagnostics: d.head.diagnostics,
  }, null, 2) + '\n';
}

const exposureLine = (c: DiffReport['opened'][number]): string => [c.internet.isEmpty() ? '' : `IPv4 ${describeTraffic(c.internet)}`, c.internet6.isEmpty() ? '' : `IPv6 ${describeTraffic(c.internet6, 6)}`].filter(Boolean).join('; ');
const bySeverity = (a: RawFinding, b: RawFinding): number => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);

export function formatDiffText(d: DiffReport): string {
  const out: string[] = [];
  const list = (title: string, fs: RawFinding[], sign: string): void => {
    if (!fs.length) return;
    out.push(`${title}:`);
    for (const f of [...fs].sort(bySeverity)) out.push(`  ${sign} ${f.severity.padEnd(8)} ${f.location.file}:${f.location.line}  ${f.message}  ${f.ruleId}`);
    out.push('');
  };
  list('Added findings', d.added, '+');
  list('Removed findings', d.removed, '-');
  for (const [title, cs, sign] of [['Exposure opened', d.opened, '+'], ['Exposure closed', d.closed, '-']] as const) {
    if (!cs.length) continue;
    out.push(`${title}:`);
    for (const c of cs) out.push(`  ${sign} ${c.id}: ${exposureLine(c)}`);
    out.push('');
  }
  out.push(`${d.added.length} added, ${d.removed.length} removed; exposure opened on ${d.opened.length} endpoint${d.opened.length === 1 ? '' : 's'}, closed on ${d.closed.length}`);
  return out.join('\n') + '\n';
}

/** PR comment / job summary for a change: what it adds first, then what it fixes, then the graph. */
export function formatDiffMarkdown(d: DiffReport): string {
  const addedReport: ScanReport = { ...d.head, findings: d.added, summary: { ...d.head.summary, findings: d.added.length } };
  const out = [formatMarkdown(addedReport, { title: `sglint: ${d.added.length} new finding${d.added.length === 1 ? '' : 's'}, ${d.removed.length} fixed`, graphTargets: 0 })];
  if (d.removed.length) {
    out.push('### Fixed by this change', '');
    for (const f of [...d.removed].sort(bySeverity).slice(0, 30)) out.push(`- ~~${f.severity}~~ \`${f.ruleId}\` \`${f.resource}\``);
    out.push('');
  }
  if (d.opened.length || d.closed.length) {
    out.push('### Exposure', '', '| Endpoint | Change | Traffic |', '| --- | --- | --- |');
    for (const c of d.opened.slice(0, 50)) out.push(`| \`${c.id}\` | opened | ${exposureLine(c)} |`);
    for (const c of d.closed.slice(0, 50)) out.push(`| \`${c.id}\` | closed | ${exposureLine(c)} |`);
    out.push('');
    const opened = new Set(d.opened.map((c) => c.id));
    const paths = (d.head.exposure?.() ?? []).filter((x) => opened.has(x.endpoint.id) && x.hopsFromInternet !== null);
    if (paths.length) out.push('Paths to the newly exposed endpoints:', '', ...mermaidPaths(paths.slice(0, 40)), '');
  }
  return out.join('\n');
}
