import type { Finding } from './finding.js';
import { SEVERITIES, type Severity } from './rule-api.js';

export type FailOn = Severity | 'none';

/** A message when `value` is not a --fail-on / fail-on level, else undefined. */
export function failOnProblem(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === 'none' || SEVERITIES.includes(value as Severity)) return undefined;
  return `${name} must be critical, high, medium, low or none, not ${JSON.stringify(value)}`;
}

/** The findings at or above the threshold (none for `none`). */
export function failingFindings<F extends Pick<Finding, 'severity'>>(findings: readonly F[], failOn: string): F[] {
  if (failOn === 'none') return [];
  const threshold = SEVERITIES.indexOf(failOn as Severity);
  return findings.filter((f) => SEVERITIES.indexOf(f.severity) <= threshold);
}
