import type { Finding } from '../checks/finding.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ScanReport } from '../checks/pipeline/types.js';
import { guardLines, plain } from './escape.js';

export interface TextOptions {
  color: boolean;
  /** Within a file: most severe first (default), or by line. */
  sort?: 'severity' | 'file' | undefined;
  /** One line per finding: file:line:column severity message rule. */
  compact?: boolean | undefined;
  /** Only findings and errors: no warnings, no suppressed list, no summary. */
  quiet?: boolean | undefined;
}

/** SGR codes, each its own escape (so a reader that strips `ESC[Nm` strips them all). */
const paint = (on: boolean) => (code: number | number[], s: string): string => (on ? `${[code].flat().map((n) => `\u001b[${n}m`).join('')}${s}\u001b[0m` : s);

/** One colour per severity: critical white on red, high bold red, medium yellow, low cyan. */
export const SEVERITY_COLORS: Record<string, number[]> = { critical: [1, 97, 41], high: [1, 31], medium: [33], low: [36], error: [1, 31], warning: [33], info: [36] };
/** Errors first, then findings from critical to low, then warnings. */
const RANK: Record<string, number> = { error: 0, critical: 1, high: 2, medium: 3, low: 4, warning: 5, info: 6 };

/** ESLint "stylish"-like: grouped by file, one line per finding or diagnostic, then a summary. */
export function formatText(r: ScanReport, opts: TextOptions): string {
  const c = paint(opts.color);
  const sevColor = SEVERITY_COLORS;
  type Line = { line: number; column: number; rank: number; text: string };
  const byFile = new Map<string, Line[]>();
  const add = (file: string, l: Line): void => void (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(l);
  for (const f of r.findings) {
    add(f.location.file, { line: f.location.line, column: f.location.column, rank: RANK[f.severity]!, text: `${c(sevColor[f.severity]!, f.severity.padEnd(8))}  ${plain(f.message)}  ${c(2, plain(f.ruleId))}` });
  }
  const diagnostics = opts.quiet ? r.diagnostics.filter((d) => d.severity === 'error') : r.diagnostics;
  const general: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!d.file || !d.line) general.push(d);
    else add(d.file, { line: d.line ?? 0, column: d.column ?? 0, rank: RANK[d.severity]!, text: `${c(sevColor[d.severity]!, d.severity.padEnd(8))}  ${plain(d.message)}  ${c(2, 'input')}` });
  }
  const out: string[] = [];
  const bySeverity = opts.sort !== 'file';
  for (const [file, lines] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.sort((a, b) => (bySeverity ? a.rank - b.rank : 0) || a.line - b.line || a.column - b.column);
    if (opts.compact) {
      for (const l of lines) out.push(`${c(4, plain(file))}:${l.line}:${l.column}  ${l.text}`);
      continue;
    }
    out.push(c(4, plain(file)));
    for (const l of lines) out.push(`  ${c(2, `${l.line}:${l.column}`.padEnd(8))}  ${l.text}`);
    out.push('');
  }
  if (opts.compact && byFile.size) out.push('');
  for (const d of general) out.push(`${c(sevColor[d.severity]!, d.severity)}: ${d.file && !d.message.startsWith(`${d.file}:`) ? `${plain(d.file)}: ` : ''}${plain(d.message)}`);
  if (opts.quiet) return guardLines(out.length ? out.join('\n').replace(/\n+$/, '') + '\n' : '');
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
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  // No findings is good news only when every input was read.
  const head = findings.length > 0 ? c(1, `✖ ${plural(findings.length, 'finding')} (${counts.map(([k, n]) => `${n} ${k}`).join(', ')})`)
    : errors ? c([1, 31], `✖ ${plural(errors, 'input error')}, no findings`) : c(32, '✔ no findings');
  const input = findings.length > 0 && (errors || warnings) ? `, ${plural(errors, 'input error')}, ${plural(warnings, 'warning')}` : findings.length === 0 && warnings ? `, ${plural(warnings, 'warning')}` : '';
  const hidden = [s.suppressed ? `${s.suppressed} suppressed` : '', s.baselined ? `${s.baselined} in the baseline` : ''].filter(Boolean).join(', ');
  return `${head}${input} in ${s.files} file${s.files === 1 ? '' : 's'}, ${s.resources} resources${hidden ? ` (${hidden}, not shown)` : ''}`;
}
