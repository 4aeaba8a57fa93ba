import { createHash } from 'node:crypto';
import type { Severity } from './rule-api.js';

export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** The public finding shape (schema/scan.schema.json): fields may be added, never renamed. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  resource: string;
  targets: string[];
  fingerprint: string;
  /** Other places that matter (the other hops of a chained path); SARIF relatedLocations. */
  related?: (Location & { message: string })[];
}

/** A finding plus what only sglint itself needs: the enclosing resource block (for suppressions). */
export interface RawFinding extends Finding {
  container?: Location;
}

/**
 * Stable across unrelated edits: built from the rule id, the resource's directory and address,
 * and the rule's own key (which inline block / peer), never from line numbers.
 */
export function fingerprint(ruleId: string, file: string, resource: string, key: string): string {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  return createHash('sha256').update(`${ruleId}\0${dir}\0${resource}\0${key}`).digest('hex').slice(0, 32);
}
