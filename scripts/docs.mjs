#!/usr/bin/env node
// Writes docs/rules/<id>.md for every rule and the catalog table in README.md, from the rules'
// metadata (built: run after `npm run build`). `--check` exits 1 when anything is stale.
import fs from 'node:fs';
import { builtinRules } from '../dist/rules/index.js';
import { ruleDoc, ruleTable } from '../dist/src/report/rule-docs.js';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const outputs = new Map(builtinRules.map((r) => [`docs/rules/${r.id}.md`, ruleDoc(r, builtinRules)]));
const readme = fs.readFileSync('README.md', 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < a) {
  console.error(`README.md needs ${START} and ${END} markers around the rule table`);
  process.exit(1);
}
outputs.set('README.md', `${readme.slice(0, a + START.length)}\n${ruleTable(builtinRules)}${readme.slice(b)}`);
const known = new Set(outputs.keys());
const extra = fs.existsSync('docs/rules') ? fs.readdirSync('docs/rules').map((f) => `docs/rules/${f}`).filter((f) => !known.has(f)) : [];
if (process.argv.includes('--check')) {
  const stale = [...outputs].filter(([f, text]) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== text).map(([f]) => f);
  if (stale.length || extra.length) {
    console.error(`stale rule docs: ${[...stale, ...extra.map((f) => `${f} (no such rule)`)].join(', ')}; run npm run docs`);
    process.exit(1);
  }
} else {
  fs.mkdirSync('docs/rules', { recursive: true });
  for (const f of extra) fs.rmSync(f);
  for (const [f, text] of outputs) fs.writeFileSync(f, text);
}
