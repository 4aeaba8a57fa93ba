import type { RawFinding } from '../checks/finding.js';
import { SEVERITIES } from '../checks/rule-api.js';
import type { EndpointExposure } from '../solver/index.js';
import { mdCode, mdText } from './escape.js';
import { describeTraffic } from './exposure.js';
import { pathGraph } from './mermaid.js';
import type { ScanReport } from '../checks/pipeline/types.js';

const ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '⬜' };
/** Where a built-in rule's documentation lives (docs/rules/<id>.md in the repository). */
export const RULE_DOCS = 'https://github.com/sglint/sglint/blob/main/docs/rules';

export interface MarkdownOptions {
  title?: string;
  /** Findings listed at most (the most severe first). */
  rows?: number;
  /** Boxes of the exposure graph at most; 0 for no graph. */
  graphBoxes?: number;
  /** A finding's location as markdown (e.g. a permalink); default the shortened path in a code span. */
  links?: (f: RawFinding) => string;
}

/** A rule id linked to its documentation; custom rules (`dir/id`) have none. */
export const ruleLink = (id: string): string => (id.includes('/') ? mdCode(id) : `[${mdCode(id)}](${RULE_DOCS}/${encodeURIComponent(id)}.md)`);

/** `environments/prod/eu-west-1/network/sg.tf` -> `…/network/sg.tf`: the part a reader recognises. */
export function shortPath(file: string, max = 32): string {
  if (file.length <= max) return file;
  const parts = file.split('/');
  const tail = parts.slice(-2).join('/');
  return parts.length > 2 ? `…/${tail.length <= max ? tail : parts[parts.length - 1]}` : file;
}

export const where = (file: string, line?: number): string => mdCode(`${shortPath(file)}${line ? `:${line}` : ''}`);

/**
 * A PR comment / job summary: counts, a table of the most severe findings (severity, rule linked to
 * its docs, message, place, exposure of the affected endpoints) and a mermaid graph of the exposure
 * paths. Sections with nothing to say are left out; everything from the input is escaped.
 */
export function formatMarkdown(r: ScanReport, opts: MarkdownOptions = {}): string {
  const out = [`## ${mdText(opts.title ?? 'sglint')}`, ''];
  const counts = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(r.findings.length === 0 ? '✅ No findings.' : `**${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}**: ${counts.map(([s, n]) => `${ICON[s]} ${n} ${s}`).join(' · ')}`);
  const hidden = [r.summary.suppressed ? `${r.summary.suppressed} suppressed` : '', r.summary.baselined ? `${r.summary.baselined} in the baseline` : ''].filter(Boolean);
  out.push('', `Scanned ${r.summary.files} file${r.summary.files === 1 ? '' : 's'}, ${r.summary.resources} resources${hidden.length ? `; ${hidden.join(', ')} not shown` : ''}.`, '');
  const exposure = r.findings.length || opts.graphBoxes !== 0 ? safeExposure(r) : [];
  out.push(...findingsTable(r.findings, exposure, opts));
  if (opts.graphBoxes !== 0) out.push(...exposureSection(exposure.filter((x) => x.hopsFromInternet !== null), opts.graphBoxes));
  out.push(...inputErrors(r));
  return out.join('\n');
}

export function findingsTable(findings: RawFinding[], exposure: EndpointExposure[], opts: MarkdownOptions = {}): string[] {
  if (!findings.length) return [];
  const rows = opts.rows ?? 50;
  const byId = new Map(exposure.map((x) => [x.endpoint.id, x]));
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  // The rule id heads the widest cell, on a line of its own: in a column of its own it wrapped at
  // every hyphen (three lines at GitHub's width); the severity column stays narrow.
  const out = ['| Severity | Finding | Where | Exposure |', '| --- | --- | --- | --- |'];
  for (const f of sorted.slice(0, rows)) {
    const at = opts.links ? opts.links(f) : where(f.location.file, f.location.line);
    out.push(`| ${ICON[f.severity]}&nbsp;${f.severity} | ${ruleLink(f.ruleId)}<br>${mdText(f.message)} | ${at} | ${exposureOf(f, byId)} |`);
  }
  if (sorted.length > rows) out.push('', `… and ${sorted.length - rows} more (see the SARIF or JSON report).`);
  out.push('');
  return out;
}

/** "Exposure paths" with its graph and what was cut, or nothing when no endpoint is reachable. */
export function exposureSection(reachable: EndpointExposure[], boxes?: number, title = '### Exposure paths', lastHop?: (id: string) => string | undefined): string[] {
  const g = pathGraph(reachable, boxes, lastHop);
  if (!g.lines.length) return [];
  return [title, '', g.caption, '', ...g.lines, ''];
}

export function inputErrors(r: Pick<ScanReport, 'diagnostics'>): string[] {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return [];
  const out = ['### Input errors', ''];
  for (const d of errors.slice(0, 20)) out.push(`- ${d.file ? `${where(d.file, d.line)} ` : ''}${mdText(d.message)}`);
  if (errors.length > 20) out.push(`- … and ${errors.length - 20} more`);
  out.push('');
  return out;
}

export function safeExposure(r: ScanReport): EndpointExposure[] {
  try {
    return r.exposure?.() ?? [];
  } catch {
    return [];
  }
}

function exposureOf(f: RawFinding, byId: Map<string, EndpointExposure>): string {
  const xs = f.targets.map((t) => byId.get(t)).filter((x): x is EndpointExposure => !!x && x.hopsFromInternet !== null);
  if (xs.length === 0) return f.targets.length ? 'not reachable' : '—';
  const x = xs.sort((a, b) => a.hopsFromInternet! - b.hopsFromInternet!)[0]!;
  const more = xs.length > 1 ? ` (+${xs.length - 1} more)` : '';
  return x.hopsFromInternet === 0 ? `internet: ${describeTraffic(x.internet.isEmpty() ? x.internet6 : x.internet, x.internet.isEmpty() ? 6 : 4)}${more}` : `${x.hopsFromInternet} hop${x.hopsFromInternet === 1 ? "" : "s"} from the internet${more}`;
}
