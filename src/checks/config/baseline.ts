import fs from 'node:fs';
import type { Finding } from '../finding.js';

/**
 * A baseline records today's findings by fingerprint (stable across line moves), so a team can
 * adopt sglint on an old repository and fail only on what is new.
 */
export interface BaselineFile {
  schemaVersion: 1;
  tool: 'sglint';
  findings: { fingerprint: string; ruleId: string; resource: string; file: string }[];
}

export function baselineText(findings: readonly Finding[]): string {
  const entries = findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, resource: f.resource, file: f.location.file }));
  entries.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const body: BaselineFile = { schemaVersion: 1, tool: 'sglint', findings: entries };
  return JSON.stringify(body, null, 2) + '\n';
}

/** The fingerprints in a baseline file, or a message saying what is wrong with it. */
export function readBaseline(file: string): Set<string> | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  const list = (data as Partial<BaselineFile> | null)?.findings;
  if (!Array.isArray(list) || list.some((f) => typeof (f as { fingerprint?: unknown })?.fingerprint !== 'string')) {
    return { error: 'expected { "findings": [{ "fingerprint": "..." }, ...] } as written by --write-baseline' };
  }
  return new Set(list.map((f) => f.fingerprint));
}
