import { int, pick } from './random.js';

const TOKENS = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '}', '=', '==', ',', '.', '*', '...', '\n', '<<EOT\n', '<<-X\n', '\\', '#', '//', '/*', '*/', '?', ':', '=>', 'for ', ' in ', 'if ', '-', '!', '~', 'null', 'true', '0', '1e', 'var.', 'local.', 'module.', 'each.', 'count.index', '[*]', 'dynamic "ingress" {', 'content {', '\t', '\u00e9', '\u0000', '\r\n', '9'.repeat(30)];

/** Applies 1-4 random edits (delete, insert token, duplicate, swap lines) to `text`. */
export function mutate(text: string, r: () => number): string {
  let t = text;
  const edits = int(r, 1, 4);
  for (let k = 0; k < edits; k++) {
    const at = int(r, 0, t.length);
    switch (int(r, 0, 4)) {
      case 0: t = t.slice(0, at) + t.slice(Math.min(t.length, at + int(r, 1, 20))); break;
      case 1: t = t.slice(0, at) + pick(r, TOKENS) + t.slice(at); break;
      case 2: { const len = int(r, 1, 60); t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at); break; }
      case 3: {
        const lines = t.split('\n');
        const a = int(r, 0, lines.length - 1);
        const b = int(r, 0, lines.length - 1);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        t = lines.join('\n');
        break;
      }
      default: t = t.slice(0, at) + String.fromCharCode(int(r, 0, 127)) + t.slice(at);
    }
  }
  return t;
}
