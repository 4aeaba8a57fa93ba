import fs from 'node:fs';
import path from 'node:path';
import { failingFindings } from '../checks/fail-on.js';
import type { RawFinding } from '../checks/finding.js';
import { repositoryLocations } from '../report/sarif-locations.js';
import { diffDiagnostics, formatDiffJson, formatDiffMarkdown, formatDiffText, formatGithub, formatJson, formatMarkdown, formatSarif, formatText } from '../report/index.js';
import type { ScanReport } from '../checks/pipeline/types.js';
import { builtinRules } from '../../rules/index.js';
import { diff } from '../checks/pipeline/diff.js';
import { emit } from './output.js';
import { applySelection, selector, type Selection } from './select.js';
import type { Io } from './run.js';
import { scan } from '../checks/pipeline/scan.js';
import type { VariableInputs } from '../ingest/terraform/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ReadLimits } from '../ingest/files/input-files.js';

export interface ScanFlags {
  format: string;
  output?: string | undefined;
  failOn?: string | undefined;
  config?: string | undefined;
  baseline?: string | undefined;
  writeBaseline?: string | undefined;
  showSuppressed?: boolean | undefined;
  category?: string | undefined;
  color: boolean;
  version: string;
  root?: string | undefined;
  limits?: ReadLimits | undefined;
  noCustomRules?: boolean | undefined;
  select?: Selection | undefined;
  sort?: 'severity' | 'file' | undefined;
  compact?: boolean | undefined;
  quiet?: boolean | undefined;
  /** Exit 0 whatever is found. */
  softFail?: boolean | undefined;
}

/** --config and --baseline name files the user means: a missing one stops the run. */
function missingFile(f: ScanFlags, io: Io): string | undefined {
  for (const [flag, file] of [['--config', f.config], ['--baseline', f.baseline]] as const) {
    if (file && !fs.existsSync(path.resolve(io.cwd, file))) return `${flag} ${file}: no such file`;
  }
  return undefined;
}

/** The report in the asked format; `github` also appends the markdown to the job summary. */
export function renderScan(report: ScanReport, f: ScanFlags, io: Io): string {
  switch (f.format) {
    case 'json': return formatJson(report);
    case 'sarif': return formatSarif(report, { ...(f.category ? { category: f.category } : {}), location: repositoryLocations(io.cwd) });
    case 'markdown': return formatMarkdown(report);
    case 'github':
      appendSummary(io, formatMarkdown(report));
      return formatGithub(report);
    default: return formatText(report, { color: f.color, sort: f.sort, compact: f.compact, quiet: f.quiet });
  }
}

export function appendSummary(io: Io, markdown: string): void {
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (!file) return;
  // GitHub drops a step summary over 1 MiB: keep well under it.
  fs.appendFileSync(file, markdown.length > 900_000 ? `${markdown.slice(0, 900_000)}\n\n… (truncated)\n` : `${markdown}\n`);
}

export function exitCode(findings: RawFinding[], errors: boolean, failOn: string): number {
  if (errors) return 2;
  return failingFindings(findings, failOn).length ? 1 : 0;
}

export async function scanCommand(paths: string[], vars: VariableInputs, f: ScanFlags, io: Io, extra: Diagnostic[] = []): Promise<number> {
  const missing = missingFile(f, io);
  if (missing) return usage(io, missing);
  const { report, config } = await scan({
    paths: paths.length ? paths : ['.'], vars, rules: builtinRules, cwd: io.cwd, env: io.env, toolVersion: f.version,
    configFile: f.config, baseline: f.baseline, writeBaseline: f.writeBaseline, showSuppressed: f.showSuppressed, today: io.env['SGLINT_TODAY'],
    root: f.root, limits: f.limits, noCustomRules: f.noCustomRules,
  });
  report.diagnostics.unshift(...extra);
  const problem = applySelection(report, f.select ?? {}, io.cwd);
  if (problem) return usage(io, problem);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (f.writeBaseline) {
    // Recording the baseline is the job: say what was written. Text lists no findings (they are
    // accepted now); a machine format still gets its report. Only input errors fail.
    const written = `baseline written: ${report.summary.findings + report.summary.baselined} finding(s) to ${f.writeBaseline}\n`;
    if (f.format === 'text') {
      for (const d of report.diagnostics.filter((x) => x.severity === 'error')) io.stderr.write(`sglint: error: ${d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}: ` : ''}${d.message}\n`);
      io.stdout.write(written);
    } else {
      if (!emit(renderScan(report, f, io), f.output, io)) return 2;
      io.stderr.write(`sglint: ${written}`);
    }
    return errors && !f.softFail ? 2 : 0;
  }
  if (!emit(renderScan(report, f, io), f.output, io)) return 2;
  if (errors && f.format !== 'text') io.stderr.write(`sglint: ${errors} input error(s); see "diagnostics" in the report\n`);
  const code = exitCode(report.findings, errors > 0, f.failOn ?? config.failOn ?? 'low');
  return f.softFail ? 0 : code;
}

function usage(io: Io, message: string): number {
  io.stderr.write(`sglint: ${message}\n`);
  return 2;
}

export async function diffCommand(args: string[], vars: VariableInputs, f: ScanFlags, io: Io): Promise<number> {
  const [first, second, ...paths] = args;
  let [base, head] = [first, second];
  // One Terraform plan: what it changes (its prior state against its planned values).
  if (base && !head && base.endsWith('.json')) [base, head] = [`${base}#before`, base];
  if (!base || !head) {
    io.stderr.write('sglint diff needs BASE and HEAD (two folders, two git refs such as origin/main HEAD, two snapshots), or one plan JSON\n');
    return 2;
  }
  const missing = missingFile(f, io);
  if (missing) return usage(io, missing);
  const d = await diff({ base, head, paths, vars, rules: builtinRules, cwd: io.cwd, env: io.env, toolVersion: f.version, configFile: f.config, today: io.env['SGLINT_TODAY'], root: f.root, limits: f.limits, noCustomRules: f.noCustomRules });
  if ('error' in d) {
    io.stderr.write(`sglint: ${d.error}\n`);
    return 2;
  }
  // Which configuration judged the change is said whatever the format (the diff reports do not list notes).
  for (const n of d.head.diagnostics.filter((x) => x.severity === 'info' && !x.file)) io.stderr.write(`sglint: ${n.message}\n`);
  const keep = selector(d.head.rules.map((r) => r.id), f.select ?? {}, io.cwd);
  if (typeof keep === 'string') return usage(io, keep);
  d.added = d.added.filter(keep.finding);
  d.removed = d.removed.filter(keep.finding);
  const added: ScanReport = { ...d.head, diagnostics: diffDiagnostics(d), findings: d.added, summary: { ...d.head.summary, findings: d.added.length } };
  let text: string;
  switch (f.format) {
    case 'json': text = formatDiffJson(d); break;
    case 'markdown': text = formatDiffMarkdown(d); break;
    case 'sarif': text = formatSarif(added, { ...(f.category ? { category: f.category } : {}), location: repositoryLocations(io.cwd) }); break;
    case 'github':
      appendSummary(io, formatDiffMarkdown(d));
      text = formatGithub(added);
      break;
    default: text = formatDiffText(d);
  }
  if (!emit(text, f.output, io)) return 2;
  // A partial base counts too: what it missed would show as opened exposure.
  const errors = d.head.diagnostics.some((x) => x.severity === 'error') || d.base.diagnostics.some((x) => x.severity === 'error' && (!x.file || x.partial));
  return f.softFail ? 0 : exitCode(d.added, errors, f.failOn ?? 'low');
}
