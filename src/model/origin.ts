/** Where a model element came from: a source position (HCL, JSON) or a cloud resource. */
export interface Origin {
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Terraform address, CloudFormation logical id or cloud id of the enclosing resource. */
  address?: string;
}

export const formatOrigin = (o: Origin): string => `${o.file}:${o.line}:${o.column}`;
