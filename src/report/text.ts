import type { Finding } from '../checks/finding.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ScanReport } from '../checks/pipeline/types.js';
import { guardLines, plain } from './escape.js';

export interface TextOptions {
  color: boolean;
}

const paint = (on: boolean) => (code: number, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** ESLint "stylish"-like: grouped by file, one line per finding or diagnostic, then a summary. */
export function formatText(r: ScanReport, opts: TextOptions): string {
  const c = paint(opts.color);
  const sevColor: Record<string, number> = { critical: 31, high: 31, medium: 33, low: 36, error: 31, warning: 33, info: 36 };
  type Line = { line: number; column: number; text: string };
  const byFile = new Map<string, Line[]>();
  const add = (file: string, l: Line): void => void (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(l);
  for (const f of r.findings) {
    add(f.location.file, { line: f.location.line, column: f.location.column, text: `${c(sevColor[f.severity]!, f.severity.padEnd(8))}  ${plain(f.message)}  ${c(2, plain(f.ruleId))}` });
  }
  const general: Diagnostic[] = [];
  for (const d of r.diagnostics) {
    if (!d.file) general.push(d);
    else add(d.file, { line: d.line ?? 0, column: d.column ?? 0, text: `${c(sevColor[d.severity]!, d.severity.padEnd(8))}  ${plain(d.message)}  ${c(2, 'input')}` });
  }
  const out: string[] = [];
  for (const [file, lines] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(c(4, plain(file)));
    lines.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const l of lines) out.push(`  ${c(2, `${l.line}:${l.column}`.padEnd(8))}  ${l.text}`);
    out.push('');
  }
  for (const d of general) out.push(`${c(sevColor[d.severity]!, d.severity)}: ${plain(d.message)}`);
  if (r.suppressed?.length) {
    out.push(c(1, 'Suppressed:'));
    for (const f of r.suppressed) {
      const by = f.suppressedBy;
      out.push(plain(`  ${f.location.file}:${f.location.line}  ${f.ruleId}  by ${by.marker} at ${by.file}:${by.line}${by.reason ? ` (${by.reason})` : ''}${by.until ? ` until ${by.until}` : ''}`));
    }
    out.push('');
  }
  out.push(summaryLine(r.findings, r.diagnostics, r.summary, c));
  // Every field is escaped; the guard keeps a line from starting a workflow command in the Action's log.
  return guardLines(out.join('\n') + '\n');
}

function summaryLine(findings: Finding[], diagnostics: Diagnostic[], s: ScanReport['summary'], c: ReturnType<typeof paint>): string {
  const counts = ['critical', 'high', 'medium', 'low'].map((sev) => [sev, findings.filter((f) => f.severity === sev).length] as const).filter(([, n]) => n > 0);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const head = findings.length === 0 ? c(32, '✔ no findings') : c(1, `✖ ${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.map(([k, n]) => `${n} ${k}`).join(', ')})`);
  const input = errors || warnings ? `, ${errors} input error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  const hidden = [s.suppressed ? `${s.suppressed} suppressed` : '', s.baselined ? `${s.baselined} in the baseline` : ''].filter(Boolean).join(', ');
  return `${head}${input} in ${s.files} file${s.files === 1 ? '' : 's'}, ${s.resources} resources${hidden ? ` (${hidden}, not shown)` : ''}`;
}
