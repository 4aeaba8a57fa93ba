import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { RuleRegistry } from '../registry.js';
import { runRules, type RuleSetting } from '../run.js';
import type { RawFinding } from '../finding.js';
import type { RuleDefinition, Severity } from '../rule-api.js';
import { baselineText, readBaseline } from '../config/baseline.js';
import { errorPosition, loadCustomRules } from '../config/custom-rules.js';
import { emptyConfig, findConfig, loadConfig, type Config } from '../config/load-config.js';
import { ruleSettings } from '../config/settings.js';
import { applySuppressions } from '../config/suppressions.js';
import type { VariableInputs } from '../../ingest/terraform/index.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { InputFiles, moduleRootOf, type ReadLimits } from '../../ingest/files/input-files.js';
import type { ScanReport } from './types.js';
import { loadInputs } from './inputs.js';

export interface ScanInput {
  paths: string[];
  vars: VariableInputs;
  rules: RuleDefinition<object>[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  toolVersion: string;
  configFile?: string | undefined;
  baseline?: string | undefined;
  writeBaseline?: string | undefined;
  showSuppressed?: boolean | undefined;
  /** YYYY-MM-DD, for suppression expiry (SGLINT_TODAY in tests). */
  today?: string | undefined;
  /** --root: the module root of every path, and the top of the config search. */
  root?: string | undefined;
  /** --max-file-size / --max-scan-size. */
  limits?: ReadLimits | undefined;
  /** --no-custom-rules: the config's customRules are not loaded (a warning says so). */
  noCustomRules?: boolean | undefined;
  /** No configuration at all, not even one found near the paths (a diff whose base has none). */
  noConfig?: boolean | undefined;
  /** The module root of `configFile` (where its baseline and customRules must stay); default: its git work tree. */
  configRoot?: string | undefined;
}

export interface ScanResult {
  report: ScanReport;
  config: Config;
}

/**
 * The whole `scan`: configuration (found from the scanned root upward), custom rules, inputs
 * (a missing or broken one is a diagnostic; the others are still scanned), rules, ignore globs,
 * inline suppressions, and the baseline.
 */
export async function scan(input: ScanInput): Promise<ScanResult> {
  const diagnostics: Diagnostic[] = [];
  const config = readConfig(input, diagnostics);
  const configRel = config.file ? path.relative(input.cwd, config.file) : '.sglint.yml';
  if (input.noCustomRules && config.customRules.length) {
    diagnostics.push({ severity: 'warning', message: `customRules are not loaded (--no-custom-rules): ${config.customRules.join(', ')}; only built-in rules run`, file: configRel, ...config.locate(['customRules']) });
  }
  // Errors about a folder point at its line in .sglint.yml.
  const custom = input.noCustomRules ? [] : await loadCustomRules(config.customRules, config.dir, input.cwd, input.env, diagnostics, config.root, (i) => ({ file: configRel, ...config.locate(['customRules', i]) }));
  const registry = new RuleRegistry();
  for (const r of input.rules) registry.add(r, 'sglint');
  const ruleFiles = new Map<string, string>();
  for (const { rule, file } of custom) {
    const rel = path.relative(input.cwd, file);
    const problem = registry.add(rule, rel);
    if (problem) diagnostics.push({ severity: 'error', message: `custom rule ${rel}: ${problem}; it is skipped`, file: rel, line: 1, column: 1 });
    else ruleFiles.set(rule.id, file);
  }
  const rules = registry.rules;
  const settings = ruleSettings(config, rules, new Set(ruleFiles.keys()), diagnostics, configRel);
  withPolicies(settings, config);

  const loaded = await loadInputs(input.paths, input.vars, input.cwd, { root: input.root, limits: input.limits });
  diagnostics.push(...loaded.diagnostics);
  const { findings, failures, solution } = runRules(loaded.network, rules, settings);
  for (const f of failures) {
    const file = ruleFiles.get(f.ruleId);
    diagnostics.push({ severity: 'error', message: `rule ${f.ruleId} failed: ${f.message}; its findings are missing, the other rules ran`, ...(file ? { file: path.relative(input.cwd, file), ...errorPosition(f.error, file) } : {}) });
  }

  const ignored = ignoreMatcher(config, input.cwd);
  const kept = findings.filter((f) => !ignored(f.location.file));
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const { active, suppressed } = applySuppressions(kept, input.cwd, today, diagnostics, markerReader(input));

  let reported: RawFinding[] = active;
  let baselined = 0;
  const baselineFile = input.baseline ?? (config.baseline ? path.relative(input.cwd, path.resolve(config.dir, config.baseline)) : undefined);
  if (baselineFile) {
    const abs = path.resolve(input.cwd, baselineFile);
    // One named in the config stays in the config's root; one given on the command line is the user's own choice.
    const known = readBaseline(abs, new InputFiles(input.baseline ? moduleRootOf(abs) : config.root, { display: () => baselineFile }));
    if ('error' in known) diagnostics.push({ severity: 'error', message: `baseline ${baselineFile}: ${known.error}`, file: baselineFile, line: known.line ?? 1, column: known.column ?? 1 });
    else {
      reported = active.filter((f) => !known.has(f.fingerprint));
      baselined = active.length - reported.length;
    }
  }
  if (input.writeBaseline) {
    const dest = path.resolve(input.cwd, input.writeBaseline);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, baselineText(active));
  }
  const enabled = rules.filter((r) => settings.get(r.id)?.enabled !== false);
  const report: ScanReport = {
    findings: reported,
    diagnostics: diagnostics.filter((d) => !d.file || !ignored(d.file)),
    summary: { files: loaded.files, resources: loaded.resources, findings: reported.length, suppressed: suppressed.length, baselined },
    rules: enabled.map((r) => {
      const s = settings.get(r.id);
      return s?.severity ? { ...r, severity: s.severity as Severity } : r;
    }),
    toolVersion: input.toolVersion,
    exposure: () => {
      const sol = solution();
      return sol.endpoints().map((e) => sol.exposure(e));
    },
    sources: (e) => solution().sources(e),
    ...(input.showSuppressed ? { suppressed } : {}),
  };
  return { report, config };
}

/** `policies:` are the network-policy rule's input: it runs whenever there are some, unless the config turns it off. */
export function withPolicies(settings: Map<string, RuleSetting>, config: Config): void {
  if (!config.policies.length) return;
  const s = settings.get('network-policy');
  if (!s) return;
  const off = config.rules.get('network-policy')?.enabled === false;
  settings.set('network-policy', { ...s, enabled: !off, options: { ...(s.options ?? {}), policies: config.policies } });
}

/**
 * The configuration: none when told so; the given file (its paths confined to its own root);
 * else `.sglint.yml` found from the first path upward, never above its module root.
 */
function readConfig(input: ScanInput, diagnostics: Diagnostic[]): Config {
  if (input.noConfig) return emptyConfig(input.cwd);
  const root = input.root ? path.resolve(input.cwd, input.root) : undefined;
  if (input.configFile) return loadConfig(input.configFile, input.cwd, diagnostics, input.configRoot);
  const first = path.resolve(input.cwd, input.paths[0] ?? '.');
  const start = fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
  const top = root ?? moduleRootOf(first);
  const found = findConfig(start, top);
  return found ? loadConfig(found, input.cwd, diagnostics, top) : emptyConfig(input.cwd);
}

/** Suppression markers are read from the files findings point at, through the same confinement. */
function markerReader(input: ScanInput): (abs: string) => string | null {
  const readers = new Map<string, InputFiles>();
  return (abs) => {
    const root = input.root ? path.resolve(input.cwd, input.root) : moduleRootOf(abs);
    let reader = readers.get(root);
    if (!reader) readers.set(root, (reader = new InputFiles(root, input.limits ? { limits: input.limits } : {})));
    try {
      return reader.readText(abs);
    } catch {
      return null;
    }
  };
}

/** `ignore` globs are relative to the config file's folder. */
function ignoreMatcher(config: Config, cwd: string): (file: string) => boolean {
  if (config.ignore.length === 0) return () => false;
  const match = picomatch(config.ignore, { dot: true });
  return (file) => {
    const rel = path.relative(config.dir, path.resolve(cwd, file)).split(path.sep).join('/');
    return !rel.startsWith('../') && match(rel);
  };
}
