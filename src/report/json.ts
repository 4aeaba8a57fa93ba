import type { ScanReport } from './types.js';

/** DESIGN §5 scan JSON: fields may be added, never renamed. */
export function formatJson(r: ScanReport): string {
  return JSON.stringify({ schemaVersion: 1, findings: r.findings, diagnostics: r.diagnostics, summary: r.summary }, null, 2) + '\n';
}
