/** Where JSON.parse failed, and a description that never quotes the text (it may hold secrets). */
export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

/** Parses JSON; on a syntax error returns its position and a content-free reason instead of throwing. */
export function parseJson(text: string): { value: unknown; error?: undefined } | { value?: undefined; error: JsonSyntaxError } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: jsonSyntaxError(text, err as Error) };
  }
}

/**
 * JSON.parse's message may quote the text around the error ("Unexpected token 'x', "…secret…"
 * is not valid JSON"): only V8's content-free wording is kept, and the position as line:column.
 */
export function jsonSyntaxError(text: string, err: Error): JsonSyntaxError {
  const pos = /at position (\d+)/.exec(err.message);
  const offset = Math.max(0, Math.min(pos ? Number(pos[1]) : firstErrorOffset(text), text.length));
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const plain = err.message.replace(/\s*in JSON at position \d+.*$/s, '');
  const message = /["`]|^Unexpected token/.test(plain) || plain.length > 80 ? 'unexpected character' : plain.charAt(0).toLowerCase() + plain.slice(1);
  return { message: `invalid JSON: ${message}`, line, column: offset - before.lastIndexOf('\n') };
}

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** The offset of the first syntax error, for the messages that carry no position (an iterative scan). */
function firstErrorOffset(text: string): number {
  let i = 0;
  const at = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const ws = (): void => void at(WS);
  // Expected next: a value, or (inside a container) a separator/closer. Containers on a stack.
  const stack: string[] = [];
  let want: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    ws();
    if (want === 'value') {
      if (text[i] === '{' || text[i] === '[') {
        stack.push(text[i]!);
        i++;
        ws();
        if (text[i] === (stack.at(-1) === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          want = 'after';
        } else want = stack.at(-1) === '{' ? 'key' : 'value';
        continue;
      }
      if (!(at(STRING) || at(NUMBER) || at(LITERAL))) return i;
      want = 'after';
    } else if (want === 'key') {
      if (!at(STRING)) return i;
      ws();
      if (text[i] !== ':') return i;
      i++;
      want = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i < text.length ? i : text.length;
      if (text[i] === ',') {
        i++;
        want = top === '{' ? 'key' : 'value';
      } else if (text[i] === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}
