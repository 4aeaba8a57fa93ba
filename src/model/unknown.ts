/**
 * A value that cannot be known statically (a data source, an unset variable, a remote module,
 * an attribute computed by the cloud). It carries the reason so a finding or diagnostic can say
 * *why* the answer is "may".
 */
export class Unknown {
  constructor(readonly reason: string) {}
  toString(): string {
    return `(unknown: ${this.reason})`;
  }
}

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;
