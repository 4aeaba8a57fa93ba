/**
 * CloudFormation's YAML reader accepts a quoted string whose continuation lines are not indented
 * past their key (`Description: "one` / `two"` at the key's column), which YAML 1.2 parsers
 * reject. This indents such continuation lines just past the key, adding spaces only inside
 * the string's own lines, so every line number (and every column outside those lines) stays.
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  let quote: '"' | "'" | null = null;
  let keyIndent = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    let from = 0;
    if (quote) {
      const indent = /^ */.exec(line)![0].length;
      if (indent <= keyIndent && line.trim() !== '') lines[i] = line = ' '.repeat(keyIndent + 2 - indent) + line;
    } else {
      const m = /^(\s*(?:-\s+)?)[^#"'\s][^:#]*:\s+(["'])/.exec(line);
      if (!m) continue;
      quote = m[2] as '"' | "'";
      keyIndent = m[1]!.length;
      from = m[0].length;
    }
    const end = closing(line, from, quote);
    if (end >= 0) quote = null;
  }
  return lines.join('\n');
}

/** Offset of the quote closing a string from `from`, or -1 when it continues on the next line. */
function closing(line: string, from: number, quote: '"' | "'"): number {
  for (let j = from; j < line.length; j++) {
    const c = line[j];
    if (quote === '"' && c === '\\') j++;
    else if (c === quote) {
      if (quote === "'" && line[j + 1] === "'") j++;
      else return j;
    }
  }
  return -1;
}
