import { InputFileError, type InputFiles } from '../../ingest/files/input-files.js';
import { parseJson } from '../../ingest/files/json-error.js';
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

/**
 * The fingerprints in a baseline file (read through the confined reader), or what is wrong with
 * it, never quoting its content.
 */
export function readBaseline(file: string, reader: InputFiles): Set<string> | { error: string; line?: number; column?: number } {
  let text: string;
  try {
    text = reader.readText(file, 'data');
  } catch (err) {
    if (err instanceof InputFileError) return { error: err.message };
    throw err;
  }
  const parsed = parseJson(text);
  if (parsed.error) return { error: parsed.error.message, line: parsed.error.line, column: parsed.error.column };
  const data = parsed.value;
  const list = (data as Partial<BaselineFile> | null)?.findings;
  if (!Array.isArray(list) || list.some((f) => typeof (f as { fingerprint?: unknown })?.fingerprint !== 'string')) {
    return { error: 'expected { "findings": [{ "fingerprint": "..." }, ...] } as written by --write-baseline' };
  }
  return new Set(list.map((f) => f.fingerprint));
}
