/** A parsed file's text with a lazily built line table for offset -> line/column. */
export class SourceFile {
  private lineStarts: number[] | null = null;

  constructor(
    /** Path relative to the scanned root (forward slashes). */
    readonly path: string,
    readonly text: string,
  ) {}

  /** 1-based line and column (column counts UTF-16 code units, like editors' "column"). */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    let i = t.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = t.indexOf('\n', i + 1);
    }
    this.lineStarts = starts;
    return starts;
  }
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
