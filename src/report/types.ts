import type { Finding } from '../checks/finding.js';
import type { RuleDefinition } from '../checks/rule-api.js';
import type { Diagnostic } from '../model/diagnostic.js';

export interface ScanReport {
  findings: Finding[];
  diagnostics: Diagnostic[];
  summary: { files: number; resources: number; findings: number };
  rules: RuleDefinition<object>[];
  toolVersion: string;
}
