import path from 'node:path';
import picomatch from 'picomatch';
import { SEVERITIES, type Severity } from '../checks/rule-api.js';
import { peerRules } from '../checks/config/peer-ids.js';
import type { ScanReport } from '../checks/pipeline/types.js';
import { didYouMean } from '../model/suggest.js';

/** What --check, --skip-check, --skip-path and --severity keep of a scan. */
export interface Selection {
  check?: string[] | undefined;
  skipCheck?: string[] | undefined;
  skipPath?: string[] | undefined;
  severity?: string[] | undefined;
}

/** "a,b" "c" -> [a, b, c] */
export const splitList = (values: string[] | undefined): string[] | undefined => values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/**
 * The rule ids one --check / --skip-check entry names: an id, a glob over ids (ssh-*), or another
 * scanner's id (CKV_AWS_24, AVD-AWS-0107, aws-ec2-no-public-ingress-sgr) through the peer table.
 */
export function resolveRuleIds(entry: string, known: string[]): string[] | { error: string } {
  if (known.includes(entry)) return [entry];
  if (/[*?[\]{}]/.test(entry)) {
    const match = picomatch(entry);
    const hits = known.filter((id) => match(id));
    return hits.length ? hits : { error: `"${entry}" matches no rule` };
  }
  for (const tool of ['checkov', 'trivy', 'tfsec'] as const) {
    const mapped = peerRules(tool, entry);
    if (Array.isArray(mapped)) return mapped.filter((id) => known.includes(id));
  }
  return { error: `no rule "${entry}"${didYouMean(entry, known)}` };
}

/** Checks the severity names; a message when one is wrong. */
export function severityProblem(list: string[] | undefined): string | undefined {
  for (const s of list ?? []) {
    if (!SEVERITIES.includes(s as Severity)) return `--severity: "${s}" is not a severity (critical, high, medium or low)${didYouMean(s, SEVERITIES)}`;
  }
  return undefined;
}

export interface Selector {
  finding(f: { ruleId: string; severity: string; location: { file: string } }): boolean;
  diagnostic(d: { file?: string | undefined }): boolean;
  rule(id: string): boolean;
}

/** The selection as predicates over findings, diagnostics and rules; a usage message when an id names nothing. */
export function selector(ruleIds: string[], sel: Selection, cwd: string): Selector | string {
  const ids = (entries: string[] | undefined, flag: string): Set<string> | string | undefined => {
    if (!entries?.length) return undefined;
    const out = new Set<string>();
    for (const e of entries) {
      const r = resolveRuleIds(e, ruleIds);
      if ('error' in r) return `${flag}: ${r.error}; "sglint rules" lists them`;
      for (const id of r) out.add(id);
    }
    return out;
  };
  const only = ids(sel.check, '--check');
  if (typeof only === 'string') return only;
  const skip = ids(sel.skipCheck, '--skip-check');
  if (typeof skip === 'string') return skip;
  const problem = severityProblem(sel.severity);
  if (problem) return problem;
  const rule = (id: string): boolean => (!only || only.has(id)) && !skip?.has(id);
  const globs = (sel.skipPath ?? []).map((p) => p.replace(/\/+$/, '')).flatMap((p) => [p, `${p}/**`]);
  const skipped = globs.length ? picomatch(globs, { dot: true }) : undefined;
  const inSkippedPath = (file: string | undefined): boolean => {
    if (!skipped || !file) return false;
    return skipped(path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/'));
  };
  const severities = sel.severity?.length ? new Set(sel.severity) : undefined;
  return {
    rule,
    finding: (f) => rule(f.ruleId) && !inSkippedPath(f.location.file) && (!severities || severities.has(f.severity)),
    diagnostic: (d) => !inSkippedPath(d.file),
  };
}

/** Applies the selection to a scan's report in place; a usage message when an id names nothing. */
export function applySelection(report: ScanReport, sel: Selection, cwd: string): string | undefined {
  const keep = selector(report.rules.map((r) => r.id), sel, cwd);
  if (typeof keep === 'string') return keep;
  report.findings = report.findings.filter(keep.finding);
  report.diagnostics = report.diagnostics.filter(keep.diagnostic);
  report.rules = report.rules.filter((r) => keep.rule(r.id));
  if (report.suppressed) report.suppressed = report.suppressed.filter(keep.finding);
  report.summary = { ...report.summary, findings: report.findings.length };
  return undefined;
}
