// Character codes used by the scanner-less parser; comparing numbers is much faster than strings.
export const C = {
  tab: 9, lf: 10, cr: 13, space: 32, bang: 33, quote: 34, hash: 35, dollar: 36, percent: 37, amp: 38,
  lparen: 40, rparen: 41, star: 42, plus: 43, comma: 44, minus: 45, dot: 46, slash: 47,
  zero: 48, nine: 57, colon: 58, lt: 60, eq: 61, gt: 62, question: 63,
  lbracket: 91, backslash: 92, rbracket: 93, underscore: 95, lbrace: 123, pipe: 124, rbrace: 125, tilde: 126,
} as const;

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && c !== 0xfeff && !isUnicodeSpace(c));
export const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === 45;
const isUnicodeSpace = (c: number): boolean => c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a);

export function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'end of file';
  const c = text.charCodeAt(offset);
  if (c === C.lf) return 'end of line';
  if (c === C.cr) return 'end of line';
  return JSON.stringify(text[offset]);
}
