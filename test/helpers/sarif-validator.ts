import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtinRules } from '../../rules/index.js';
import { scan } from '../../src/checks/pipeline/scan.js';
import { formatSarif } from '../../src/report/sarif.js';

const require = createRequire(import.meta.url);
const MULTITOOL = require('@microsoft/sarif-multitool') as string;
/** GitHub code scanning's SARIF rules, as a sarif-multitool validation config. */
const CONFIG = path.resolve('test-data/sarif-github.config.xml');

export interface SarifLog {
  runs: { results: { ruleId: string; level: string; message: { text?: string; id?: string; arguments?: string[] }; relatedLocations?: unknown[]; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[]; codeFlows?: { threadFlows: { locations: { executionOrder: number; location: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } } }[] }[] }[] }[]; invocations?: { toolExecutionNotifications?: { message: { text: string } }[] }[]; automationDetails: { id: string } }[];
}

export const fixtureDirs = (): string[] => {
  const dirs = ['fixtures/examples/three-tier'];
  for (const id of fs.readdirSync('fixtures/rules')) for (const kind of ['fail', 'pass']) dirs.push(`fixtures/rules/${id}/${kind}`);
  return dirs;
};

export async function sarifOf(dir: string, opts: Parameters<typeof formatSarif>[1] = {}): Promise<string> {
  const { report } = await scan({ paths: [dir], vars: { vars: [], varFiles: [] }, rules: builtinRules, cwd: process.cwd(), env: {}, toolVersion: '0.1.0', configFile: undefined });
  return formatSarif(report, opts);
}

/** Runs GitHub's rule set (Sarif + Ghas kinds) over the files; returns the problems it reports. */
export function validate(files: string[]): string[] {
  const out = path.join(fs.mkdtempSync('/tmp/sglint-sarif-val-'), 'validation.sarif');
  // Invariant globalization: the .NET tool then needs no ICU libraries on a bare CI machine.
  const r = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Sarif;Ghas', '--config', CONFIG, '--output', out, ...files], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  // It exits 0 even when it finds problems: read its output file.
  assert.ok(fs.existsSync(out), `the validator wrote no output: ${r.stdout}\n${r.stderr}`);
  const log = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
  return log.runs.flatMap((run) => run.results.filter((x) => x.level === 'error' || x.level === 'warning').map((x) => `${x.level} ${x.ruleId}: ${(x.message.arguments ?? [x.message.text]).join(' | ')}`));
}
