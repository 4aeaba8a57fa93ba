import fs from 'node:fs';
import path from 'node:path';
import { runRules } from '../checks/run.js';
import type { RuleDefinition } from '../checks/rule-api.js';
import { ingestTerraform, type VariableInputs } from '../ingest/terraform/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { emptyNetwork, type Network } from '../model/network.js';
import type { ScanReport } from '../report/types.js';

/** Joins several networks (one per PATH) into one, so group references across them resolve. */
function merge(into: Network, from: Network): void {
  for (const k of Object.keys(into) as (keyof Network)[]) (into[k] as unknown[]).push(...(from[k] as unknown[]));
}

export interface ScanInput {
  paths: string[];
  vars: VariableInputs;
  rules: RuleDefinition<object>[];
  cwd: string;
  toolVersion: string;
}

/** Reads every PATH (a missing one is a diagnostic; the others are still scanned) and runs the rules. */
export function scan(input: ScanInput): ScanReport {
  const network = emptyNetwork();
  const diagnostics: Diagnostic[] = [];
  let files = 0;
  let resources = 0;
  for (const p of input.paths) {
    const abs = path.resolve(input.cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (err) {
      diagnostics.push({ severity: 'error', message: `cannot read ${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}` });
      continue;
    }
    if (stat.isFile() && !p.endsWith('.tf')) {
      diagnostics.push({ severity: 'error', message: `${p}: this version of sglint reads Terraform (.tf files and directories); other formats are not supported yet`, file: p });
      continue;
    }
    const result = ingestTerraform(p, input.vars, input.cwd);
    merge(network, result.network);
    diagnostics.push(...result.diagnostics);
    files += result.files;
    resources += result.resources;
  }
  const { findings, failures } = runRules(network, input.rules);
  for (const f of failures) diagnostics.push({ severity: 'error', message: `rule ${f.ruleId} failed: ${f.message}` });
  return { findings, diagnostics, summary: { files, resources, findings: findings.length }, rules: input.rules, toolVersion: input.toolVersion };
}
