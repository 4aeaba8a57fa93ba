/**
 * Escaping at the edge, one function per output format. Names from the input (CloudFormation
 * logical ids, snapshot ids, tags, file names) reach every report; none of them may move the
 * terminal's cursor, start a GitHub workflow command, close a code span or inject HTML.
 */

/**
 * C0/C1 control characters, DEL, and the Unicode format characters that reorder or hide text
 * (bidi overrides and isolates, line/paragraph separators, zero-width joiners, BOM).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

const hex = (c: string): string => {
  const n = c.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** For terminals and logs: control and invisible characters become visible `\xHH` / `\uHHHH`. */
export function plain(s: string): string {
  return s.replace(CONTROL, hex);
}

/**
 * A line whose text starts (after blanks) with `::` or `##[` is a workflow command to the GitHub
 * runner. Whatever the data, such a line of report text gets its first character escaped, so the
 * Action's log can only carry the commands sglint means (the `github` format's annotations).
 */
export function guardLines(text: string): string {
  return text.replace(/^([ \t]*)(::|##\[)/gm, (_m, blank: string, cmd: string) => `${blank}${cmd === '::' ? '\\x3a:' : '\\x23#['}`);
}

/** Text output (text, exposure text, diff text, explain): fields escaped, then lines guarded. */
export const textReport = (s: string): string => guardLines(s);

/**
 * A markdown code span that shows `s` literally whatever it holds: fenced with one backtick more
 * than its longest run of backticks, padded when it starts or ends with one, `|` escaped (GFM
 * splits table cells before it parses code spans), newlines and controls made visible. HTML in a
 * code span is shown, not interpreted, so nothing else needs escaping.
 */
export function mdCode(s: string): string {
  const body = plain(s.replace(/\r\n|\r|\n/g, ' ')).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim()) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * Prose in markdown (a message, a table cell): ASCII punctuation that markdown or HTML gives a
 * meaning is backslash-escaped (GFM allows it before any punctuation), `&` and `<` become
 * entities so no raw HTML survives, `@` cannot mention anyone, newlines become spaces.
 */
export function mdText(s: string): string {
  return plain(s.replace(/\r\n|\r|\n/g, ' '))
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@(?=\w)/g, '@\u200b')
    .replace(/^([-+#>=]|\d+[.)])/, '\\$1');
}

/**
 * A mermaid label inside `["..."]` or `|...|`: characters that end the label or start an entity,
 * markdown string or HTML are written as mermaid's `#code;` entities; controls are dropped.
 */
export function mermaidLabel(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(CONTROL, '')
    .replace(/[#"`<>|[\]{}&;\\]/g, (c) => `#${c.codePointAt(0)};`);
}
