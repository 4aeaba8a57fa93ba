import type { RawFinding } from '../finding.js';
import type { SuppressedFinding } from '../config/suppressions.js';
import type { RuleDefinition } from '../rule-api.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Endpoint } from '../../model/network.js';
import type { EndpointExposure, SourceBreadth } from '../../solver/index.js';

export interface ScanReport {
  findings: RawFinding[];
  diagnostics: Diagnostic[];
  /** suppressed: by inline markers; baselined: in the --baseline file (neither is in `findings`). */
  summary: { files: number; resources: number; findings: number; suppressed: number; baselined: number };
  /** What each endpoint exposes (for the markdown graph and the diff); computed on demand. */
  exposure?: () => EndpointExposure[];
  /** Which public addresses reach what on an endpoint directly (for the diff); computed on demand. */
  sources?: (e: Endpoint) => SourceBreadth;
  /** Listed only with --show-suppressed (and never in SARIF). */
  suppressed?: SuppressedFinding[];
  rules: RuleDefinition<object>[];
  toolVersion: string;
}
