export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem with the input (not a finding about the infrastructure). */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
