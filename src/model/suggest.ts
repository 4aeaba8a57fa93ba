/**
 * "Did you mean": the known names closest to a mistyped one (optimal string alignment distance,
 * so a swapped pair of letters counts once), best first. A name counts as close when at most a
 * third of it differs (at least one edit), or when one contains the other ("ssh" -> the ssh rules).
 */
export function suggest(input: string, known: Iterable<string>, max = 3): string[] {
  const word = input.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(known)) {
    const lower = name.toLowerCase();
    if (lower === word) continue;
    const d = distance(word, lower);
    const limit = Math.max(1, Math.floor(Math.max(word.length, lower.length) / 3));
    if (d <= limit) scored.push({ name, score: d });
    else if (word.length >= 3 && lower.includes(word)) scored.push({ name, score: limit + 1 + lower.length - word.length });
  }
  return scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1)).slice(0, max).map((s) => s.name);
}

/** " (did you mean "x" or "y"?)", or "" when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const hits = suggest(input, known);
  if (!hits.length) return '';
  const quoted = hits.map((h) => `"${h}"`);
  return ` (did you mean ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}` : quoted[0]!}?)`;
}

function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
