#!/usr/bin/env node
// Render check (npm run check:render; not part of `npm test`, which must not need a browser):
// renders sglint's markdown the way GitHub shows it in a pull-request comment (the markdown as
// HTML at GitHub's content width, tables and code spans styled alike, each mermaid graph drawn by
// mermaid and scaled down to the width) in headless Chromium, writes a PNG of the whole comment
// and of each graph, and fails when graph text ends up too small to read, a graph does not
// render, or a table cell of ids or paths wraps onto more than two lines. Look at the PNGs
// before changing the markdown or the graph.
//
//   npm run build --silent && node scripts/render-markdown.mjs [OUT_DIR=/tmp/sglint-render]
//
// Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM=path) and the dev dependencies
// mermaid and playwright-core; without them it says so and exits 0.
/* global document, getComputedStyle -- these run inside the page */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** GitHub's markdown body in a pull-request comment is about 830 px wide; a job summary about 1000. */
const WIDTH = 830;
/** Text rendered smaller than this (CSS px) is not legible. */
const MIN_FONT_PX = 9;

const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), 'sglint-render'));
if (!fs.existsSync(CHROMIUM)) {
  console.log(`skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM)`);
  process.exit(0);
}
const require = createRequire(import.meta.url);
let chromium, mermaidJs, marked;
try {
  ({ chromium } = await import('playwright-core'));
  mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');
  // mermaid's own markdown parser (a dependency of it): GitHub-flavoured tables are all we need.
  ({ marked } = await import('marked'));
} catch {
  console.log('skipped: the dev dependencies playwright-core and mermaid are not installed (npm install)');
  process.exit(0);
}
const cli = path.resolve('dist/src/cli/main.js');
if (!fs.existsSync(cli)) {
  console.log('skipped: build first (npm run build)');
  process.exit(0);
}

const sglint = (args, cwd) => execFileSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });

/** The bundled example, grown to 200 endpoints: 99 web and 98 app instances behind the load balancer. */
function network200() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-200-'));
  fs.cpSync('fixtures/examples/three-tier', dir, { recursive: true });
  const main = path.join(dir, 'main.tf');
  let text = fs.readFileSync(main, 'utf8');
  let n = 0;
  text = text.replace(/instance_count = 2/g, () => `instance_count = ${n++ === 0 ? 99 : 98}`).replace(/count {12}= 2/, 'count            = 99');
  fs.writeFileSync(main, text);
  return dir;
}

/** Hostile names (the test suite's snapshot): the graph must still render, showing them literally. */
async function hostile() {
  const { hostileSnapshot } = await import(path.resolve('dist/test/report/hostile-input.js'));
  return hostileSnapshot().file;
}

/** The example before and after a pull request that opens RDP on the bastion: the comment sglint writes on it. */
function pullRequest() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-pr-'));
  for (const side of ['base', 'head']) fs.cpSync('fixtures/examples/three-tier', path.join(root, side), { recursive: true });
  fs.appendFileSync(path.join(root, 'head', 'security.tf'), '\nresource "aws_security_group_rule" "rdp" {\n  type              = "ingress"\n  security_group_id = aws_security_group.bastion.id\n  from_port         = 3389\n  to_port           = 3389\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n');
  try {
    return sglint(['diff', 'base', 'head', '--format', 'markdown'], root);
  } catch (e) {
    return e.stdout; // exit 1: the change adds findings
  }
}

const cases = [
  ['pull-request-diff', pullRequest],
  ['example-scan', () => sglint(['scan', '.', '--format', 'markdown', '--fail-on', 'none'], 'fixtures/examples/three-tier')],
  ['example-exposure', () => sglint(['exposure', '.', '--format', 'markdown'], 'fixtures/examples/three-tier')],
  ['network-200-scan', () => sglint(['scan', '.', '--format', 'markdown', '--fail-on', 'none'], network200())],
  ['network-200-exposure', () => sglint(['exposure', '.', '--format', 'markdown'], network200())],
  ['hostile-names', async () => sglint(['exposure', await hostile(), '--format', 'markdown'])],
];

/** GitHub's markdown body, near enough: 14px system font, bordered tables, grey code spans. */
const GITHUB_CSS = `body{margin:0;padding:16px;font:14px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:#1f2328}
#c{width:${WIDTH}px}table{border-collapse:collapse;display:block;overflow:auto;max-width:100%}
th,td{border:1px solid #d1d9e0;padding:6px 13px}th{font-weight:600}tr:nth-child(2n){background:#f6f8fa}
code{font:85% ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:rgba(129,139,152,.12);padding:.2em .4em;border-radius:6px}
a{color:#0969da;text-decoration:none}h2{border-bottom:1px solid #d1d9e0;padding-bottom:.3em}svg{max-width:100%}`;

/**
 * The whole comment as GitHub lays it out: a full-page PNG, and the widest wrap of an id or path
 * in a table (the rule id heading a Finding, Where, Endpoint), which must stay within two lines.
 */
async function renderComment(name, md) {
  const page = await browser.newPage({ viewport: { width: WIDTH + 32, height: 900 } });
  try {
    const html = marked.parse(md.replace(/```mermaid\n([\s\S]*?)```/g, (_m, g) => `<pre class="mermaid-src">${g.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`), { gfm: true });
    await page.setContent(`<!doctype html><html><head><style>${GITHUB_CSS}</style></head><body><div id="c">${html}</div></body></html>`);
    await page.addScriptTag({ path: mermaidJs });
    const r = await page.evaluate(async () => {
      globalThis.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
      let i = 0;
      for (const pre of [...document.querySelectorAll('pre.mermaid-src')]) {
        const { svg } = await globalThis.mermaid.render(`m${i++}`, pre.textContent);
        const div = document.createElement('div');
        div.innerHTML = svg;
        pre.replaceWith(div);
      }
      const wraps = [];
      for (const table of document.querySelectorAll('table')) {
        const heads = [...table.querySelectorAll('th')].map((th) => th.textContent.trim());
        for (const tr of table.querySelectorAll('tbody tr')) {
          [...tr.children].forEach((td, k) => {
            if (!['Finding', 'Rule', 'Where', 'Endpoint'].includes(heads[k])) return;
            // Lines of the id itself (the first line box of the cell: a link or code span), not of the row.
            const first = td.querySelector('a, code') ?? td;
            const range = document.createRange();
            range.selectNodeContents(first);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top / 4))).size;
            wraps.push({ column: heads[k], lines, text: first.textContent.trim() });
          });
        }
      }
      return { wraps, width: document.getElementById('c').scrollWidth };
    });
    const png = path.join(out, `${name}-comment.png`);
    await page.screenshot({ path: png, fullPage: true });
    const worst = r.wraps.sort((a, b) => b.lines - a.lines)[0];
    const bad = r.wraps.filter((w) => w.lines > 2);
    console.log(`  comment: ${png}  ${r.wraps.length} id/path cells, the tallest ${worst ? `${worst.lines} line(s) (${worst.column}: ${worst.text.slice(0, 60)})` : '-'}${r.width > WIDTH ? `, ${r.width - WIDTH} px wider than the column (scrolls)` : ''}`);
    for (const w of bad.slice(0, 5)) console.log(`  WRAPS onto ${w.lines} lines: ${w.column}: ${w.text}`);
    return bad.length ? 1 : 0;
  } finally {
    await page.close();
  }
}

fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let problems = 0;
try {
  const page = await browser.newPage({ viewport: { width: WIDTH + 40, height: 800 } });
  await page.setContent(`<html><body style="margin:20px;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif"><div id="c" style="width:${WIDTH}px"></div></body></html>`);
  await page.addScriptTag({ path: mermaidJs });
  // GitHub's settings: strict security, the default theme, the SVG scaled to the content width.
  await page.evaluate(() => globalThis.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' }));
  for (const [name, make] of cases) {
    const md = await make();
    const graphs = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    const caption = md.split('\n').find((l) => l.startsWith('The graph shows')) ?? '(no caption)';
    if (!graphs.length) {
      console.log(`${name}: no graph (${caption})`);
      continue;
    }
    fs.writeFileSync(path.join(out, `${name}.md`), md);
    const r = await page.evaluate(async ({ src, width }) => {
      const c = document.getElementById('c');
      try {
        const { svg } = await globalThis.mermaid.render(`g${Date.now()}`, src);
        c.innerHTML = svg;
      } catch (e) {
        c.textContent = String(e);
        return { error: String(e?.message ?? e) };
      }
      const el = c.querySelector('svg');
      el.style.maxWidth = '100%';
      const natural = el.viewBox.baseVal.width;
      const scale = Math.min(1, width / natural);
      const sizes = [...el.querySelectorAll('.nodeLabel, .edgeLabel')].map((t) => parseFloat(getComputedStyle(t).fontSize) || 16);
      const labels = [...el.querySelectorAll('.nodeLabel')].map((t) => t.textContent);
      return { natural, height: el.getBoundingClientRect().height, scale, fontPx: Math.min(...sizes) * scale, labels };
    }, { src: graphs[0], width: WIDTH });
    const png = path.join(out, `${name}.png`);
    await page.locator('#c').screenshot({ path: png });
    if (r.error) {
      problems++;
      console.log(`${name}: mermaid could not render it: ${r.error}`);
      continue;
    }
    const legible = r.fontPx >= MIN_FONT_PX;
    if (!legible) problems++;
    console.log(`${name}: ${png}  natural width ${Math.round(r.natural)} px, shown at ${Math.round(r.scale * 100)}% (${Math.round(r.height)} px tall), smallest text ${r.fontPx.toFixed(1)} px: ${legible ? 'legible' : 'TOO SMALL'}`);
    console.log(`  ${caption}`);
    if (name === 'hostile-names') console.log(`  labels: ${JSON.stringify(r.labels)}`);
    problems += await renderComment(name, md);
  }
} finally {
  await browser.close();
}
process.exit(problems ? 1 : 0);
