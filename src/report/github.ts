import type { RawFinding } from '../checks/finding.js';
import { SEVERITIES } from '../checks/rule-api.js';
import type { ScanReport } from '../checks/pipeline/types.js';
import { plain } from './escape.js';

/** GitHub shows at most 10 annotations of each kind per step (ecosystem.md §1.6). */
export const ANNOTATIONS_PER_KIND = 10;
const KIND: Record<string, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };

/** The runner's own escapes for %, CR and LF; any other control character is made visible (it would reach the log raw). */
const escapeData = (s: string): string => plain(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * Workflow-command annotations (`::error file=...,line=...::message`), most severe first, within
 * GitHub's per-step limits; what does not fit is summarised in one notice that points at the
 * job summary and the SARIF file.
 */
export function formatGithub(r: ScanReport): string {
  const sorted = [...r.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const used = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  let left = 0;
  // One notice is kept for the summary line when something may not fit.
  const noticeBudget = sorted.length > 0 ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND;
  for (const f of sorted) {
    const kind = KIND[f.severity]!;
    const budget = kind === 'notice' ? noticeBudget : ANNOTATIONS_PER_KIND;
    if (used[kind] >= budget) {
      left++;
      continue;
    }
    used[kind]++;
    lines.push(annotation(kind, f));
  }
  for (const d of r.diagnostics.filter((x) => x.severity === 'error')) {
    if (used.error >= ANNOTATIONS_PER_KIND) {
      left++;
      continue;
    }
    used.error++;
    lines.push(`::error ${[d.file ? `file=${escapeProperty(d.file)}` : '', d.line ? `line=${d.line}` : '', d.column ? `col=${d.column}` : '', 'title=sglint input error'].filter(Boolean).join(',')}::${escapeData(d.message)}`);
  }
  if (left > 0) lines.push(`::notice title=sglint::${left} more finding${left === 1 ? '' : 's'} not annotated (GitHub shows ${ANNOTATIONS_PER_KIND} per kind per step); all ${r.findings.length} are in the job summary and the SARIF report`);
  lines.push(`sglint: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} in ${r.summary.files} files`);
  return lines.join('\n') + '\n';
}

function annotation(kind: string, f: RawFinding): string {
  const l = f.location;
  const props = [
    `file=${escapeProperty(l.file)}`, `line=${l.line}`,
    ...(l.endLine && l.endLine !== l.line ? [`endLine=${l.endLine}`] : [`col=${l.column}`]),
    `title=${escapeProperty(`${f.severity}: ${f.ruleId}`)}`,
  ];
  return `::${kind} ${props.join(',')}::${escapeData(f.message)}`;
}
