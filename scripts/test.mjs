// Runs the compiled tests in tiers. The fast tier (`npm test`) is every test file except the slow
// suites; `--slow` runs only those (fuzzers, hostile-input runs, the SARIF validator, big property
// runs): files under test/fuzz/ or test/slow/, or named *.slow.test.ts. `--all` runs both.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join('dist', 'test');
const tier = process.argv.includes('--all') ? 'all' : process.argv.includes('--slow') ? 'slow' : 'fast';
const isSlow = (f) => /\.slow\.test\.js$/.test(f) || f.split(path.sep).some((part, i, parts) => i === 2 && (part === 'fuzz' || part === 'slow') && parts[1] === 'test');

const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js') && (tier === 'all' || (tier === 'slow') === isSlow(p))) files.push(p);
  }
};
walk(ROOT);
if (!files.length) {
  console.error(`no ${tier} test files under ${ROOT}: run npm run build first`);
  process.exit(1);
}
const extra = process.argv.slice(2).filter((a) => !['--all', '--slow'].includes(a));
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
