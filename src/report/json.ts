import type { Finding, RawFinding } from '../checks/finding.js';
import type { ScanReport } from '../checks/pipeline/types.js';

/** Scan JSON (schema/scan.schema.json): fields may be added, never renamed. */
export function formatJson(r: ScanReport): string {
  return JSON.stringify({ schemaVersion: 1, findings: r.findings.map(publicFinding), diagnostics: r.diagnostics, summary: r.summary, ...(r.suppressed ? { suppressed: r.suppressed.map((f) => ({ ...publicFinding(f), suppressedBy: f.suppressedBy })) } : {}) }, null, 2) + '\n';
}

/** The public shape only: internal fields (the container block) stay out of the report. */
export function publicFinding(f: RawFinding): Finding {
  const { container: _container, ...rest } = f;
  return rest;
}
