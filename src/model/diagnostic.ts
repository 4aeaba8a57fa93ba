export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem with the input (not a finding about the infrastructure). */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The input is a partial live read (`sglint aws`): what this names is missing and treated as unknown. */
  partial?: boolean;
}
