import { runRules } from '../checks/run.js';
import type { RuleDefinition } from '../checks/rule-api.js';
import type { VariableInputs } from '../ingest/terraform/index.js';
import type { ScanReport } from '../report/types.js';
import { loadInputs } from './inputs.js';

export interface ScanInput {
  paths: string[];
  vars: VariableInputs;
  rules: RuleDefinition<object>[];
  cwd: string;
  toolVersion: string;
}

/** Reads every PATH (a missing one is a diagnostic; the others are still scanned) and runs the rules. */
export function scan(input: ScanInput): ScanReport {
  const { network, diagnostics, files, resources } = loadInputs(input.paths, input.vars, input.cwd);
  const { findings, failures } = runRules(network, input.rules);
  for (const f of failures) diagnostics.push({ severity: 'error', message: `rule ${f.ruleId} failed: ${f.message}` });
  return { findings, diagnostics, summary: { files, resources, findings: findings.length }, rules: input.rules, toolVersion: input.toolVersion };
}
