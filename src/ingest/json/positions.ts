/**
 * Positions in JSON text that `JSON.parse` has already accepted: where a value sits (for an error
 * naming a field at file:line:column) and which object keys repeat (`JSON.parse` keeps the last
 * silently; Terraform and CloudFormation reject a repeated key). Both walk the text iteratively,
 * so a deeply nested hostile file cannot overflow the stack, and run only when needed.
 */

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  return i;
}

/** The offset just past the string starting at `i` (a quote). */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return text.length;
}

const stringValue = (text: string, s: number, e: number): string => {
  const body = text.slice(s + 1, e - 1);
  return body.includes('\\') ? (JSON.parse(text.slice(s, e)) as string) : body;
};

const isDelimiter = (c: number): boolean => WS.has(c) || c === 0x2c || c === 0x5d || c === 0x7d;

/** The offset just past the value starting at `i` (whitespace already skipped). */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  let j = i;
  if (c !== 0x7b && c !== 0x5b) {
    while (j < text.length && !isDelimiter(text.charCodeAt(j))) j++;
    return j;
  }
  let depth = 0;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x22) {
      j = stringEnd(text, j);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth++;
    else if ((d === 0x7d || d === 0x5d) && --depth === 0) return j + 1;
    j++;
  }
  return j;
}

/**
 * The offset of the value at `path` (object keys and array indices), or of the deepest part of
 * the path that exists; 0 when not even the first step does.
 */
export function jsonPathOffset(text: string, path: readonly (string | number)[]): number {
  let i = skipWs(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  let found = i;
  for (const step of path) {
    const open = text.charCodeAt(i);
    if (open === 0x7b && typeof step === 'string') {
      i = skipWs(text, i + 1);
      let hit = -1;
      while (i < text.length && text.charCodeAt(i) === 0x22) {
        const keyEnd = stringEnd(text, i);
        const key = stringValue(text, i, keyEnd);
        const v = skipWs(text, skipWs(text, keyEnd) + 1);
        if (key === step) hit = v; // the last one, as JSON.parse keeps
        i = skipWs(text, valueEnd(text, v));
        if (text.charCodeAt(i) === 0x2c) i = skipWs(text, i + 1);
      }
      if (hit < 0) return found;
      i = hit;
    } else if (open === 0x5b && typeof step === 'number') {
      i = skipWs(text, i + 1);
      for (let n = 0; n < step && i < text.length && text.charCodeAt(i) !== 0x5d; n++) {
        i = skipWs(text, valueEnd(text, i));
        if (text.charCodeAt(i) === 0x2c) i = skipWs(text, i + 1);
      }
      if (i >= text.length || text.charCodeAt(i) === 0x5d) return found;
    } else return found;
    found = i;
  }
  return found;
}

export interface DuplicateKey {
  key: string;
  /** Offset of the repeated key, and of its first occurrence in the same object. */
  offset: number;
  first: number;
  /** 1 for a key of the top-level object. */
  depth: number;
}

/** Every key that repeats within one object, in text order. */
export function duplicateJsonKeys(text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Map<string, number> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = stringValue(text, i, end);
        const first = keys.get(key);
        if (first === undefined) keys.set(key, i);
        else out.push({ key, offset: i, first, depth: stack.length });
      }
      expectKey = false;
      i = end - 1;
    } else if (c === 0x7b) {
      stack.push(new Map());
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) expectKey = stack[stack.length - 1] != null;
  }
  return out;
}

/** 1-based line and column of an offset (for the rare error in a large file: no line table kept). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
