#!/usr/bin/env node
// Before `npm pack` / `npm publish`: drop the compiled tree, so the package holds only what this
// build compiles (no files left from sources since removed). dist/index.js, the committed Action
// bundle, stays. `prepare` compiles afterwards.
import fs from 'node:fs';
import path from 'node:path';

for (const entry of fs.existsSync('dist') ? fs.readdirSync('dist') : []) {
  if (entry !== 'index.js') fs.rmSync(path.join('dist', entry), { recursive: true, force: true });
}
