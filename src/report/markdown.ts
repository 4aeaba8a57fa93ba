import type { RawFinding } from '../checks/finding.js';
import { SEVERITIES } from '../checks/rule-api.js';
import type { EndpointExposure } from '../solver/index.js';
import { describeTraffic, mermaidPaths } from './exposure.js';
import type { ScanReport } from '../checks/pipeline/types.js';

const ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '⬜' };
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * A PR comment / job summary: counts, a table of the most severe findings (severity, rule,
 * resource, file:line, exposure of the affected endpoints) and a mermaid graph of the exposure
 * paths, truncated to stay readable and far below GitHub's 1 MiB summary limit.
 */
export function formatMarkdown(r: ScanReport, opts: { title?: string; rows?: number; graphTargets?: number; links?: (f: RawFinding) => string } = {}): string {
  const rows = opts.rows ?? 50;
  const out = [`## ${opts.title ?? 'sglint'}`, ''];
  const counts = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(r.findings.length === 0 ? '✅ No findings.' : `**${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}**: ${counts.map(([s, n]) => `${ICON[s]} ${n} ${s}`).join(' · ')}`);
  const hidden = [r.summary.suppressed ? `${r.summary.suppressed} suppressed` : '', r.summary.baselined ? `${r.summary.baselined} in the baseline` : ''].filter(Boolean);
  out.push('', `Scanned ${r.summary.files} file${r.summary.files === 1 ? '' : 's'}, ${r.summary.resources} resources${hidden.length ? `; ${hidden.join(', ')} not shown` : ''}.`, '');
  const exposure = r.findings.length || opts.graphTargets !== 0 ? safeExposure(r) : [];
  const byId = new Map(exposure.map((x) => [x.endpoint.id, x]));
  if (r.findings.length) {
    const sorted = [...r.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
    out.push('| Severity | Rule | Resource | Location | Exposure |', '| --- | --- | --- | --- | --- |');
    for (const f of sorted.slice(0, rows)) {
      const where = opts.links ? opts.links(f) : `\`${f.location.file}:${f.location.line}\``;
      out.push(`| ${ICON[f.severity]} ${f.severity} | \`${f.ruleId}\` | \`${cell(f.resource)}\` | ${where} | ${cell(exposureOf(f, byId))} |`);
    }
    if (sorted.length > rows) out.push('', `… and ${sorted.length - rows} more (see the SARIF or JSON report).`);
    out.push('');
  }
  const reachable = exposure.filter((x) => x.hopsFromInternet !== null).sort((a, b) => a.hopsFromInternet! - b.hopsFromInternet!);
  if (reachable.length) {
    const limit = opts.graphTargets ?? 40;
    out.push(`### Exposure paths`, '', `${reachable.length} endpoint${reachable.length === 1 ? ' is' : 's are'} reachable from the internet${reachable.length > limit ? ` (the ${limit} closest are drawn)` : ''}.`, '', ...mermaidPaths(reachable.slice(0, limit)), '');
  }
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    out.push('### Input errors', '');
    for (const d of errors.slice(0, 20)) out.push(`- ${d.file ? `\`${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}\` ` : ''}${cell(d.message)}`);
    if (errors.length > 20) out.push(`- … and ${errors.length - 20} more`);
    out.push('');
  }
  return out.join('\n');
}

function safeExposure(r: ScanReport): EndpointExposure[] {
  try {
    return r.exposure?.() ?? [];
  } catch {
    return [];
  }
}

function exposureOf(f: RawFinding, byId: Map<string, EndpointExposure>): string {
  const xs = f.targets.map((t) => byId.get(t)).filter((x): x is EndpointExposure => !!x && x.hopsFromInternet !== null);
  if (xs.length === 0) return f.targets.length ? 'not reachable from the internet' : '—';
  const x = xs.sort((a, b) => a.hopsFromInternet! - b.hopsFromInternet!)[0]!;
  const more = xs.length > 1 ? ` (+${xs.length - 1} more)` : '';
  return x.hopsFromInternet === 0 ? `internet: ${describeTraffic(x.internet.isEmpty() ? x.internet6 : x.internet)}${more}` : `${x.hopsFromInternet} hop${x.hopsFromInternet === 1 ? '' : 's'} from the internet${more}`;
}
