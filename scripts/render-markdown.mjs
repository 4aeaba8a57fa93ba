#!/usr/bin/env node
// Manual check (not part of `npm test`): renders the mermaid graphs of sglint's markdown the way
// GitHub shows them (mermaid, scaled down to the content width) in headless Chromium, writes a
// PNG per graph and says how small the text ends up. Look at the PNGs before changing the graph.
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
let chromium, mermaidJs;
try {
  ({ chromium } = await import('playwright-core'));
  mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');
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

const cases = [
  ['example-scan', () => sglint(['scan', '.', '--format', 'markdown', '--fail-on', 'none'], 'fixtures/examples/three-tier')],
  ['example-exposure', () => sglint(['exposure', '.', '--format', 'markdown'], 'fixtures/examples/three-tier')],
  ['network-200-scan', () => sglint(['scan', '.', '--format', 'markdown', '--fail-on', 'none'], network200())],
  ['network-200-exposure', () => sglint(['exposure', '.', '--format', 'markdown'], network200())],
  ['hostile-names', async () => sglint(['exposure', await hostile(), '--format', 'markdown'])],
];

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
  }
} finally {
  await browser.close();
}
process.exit(problems ? 1 : 0);
