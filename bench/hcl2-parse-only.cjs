// Baseline for `npm run bench`: read and parse every .tf file under a directory with hcl2-parser.
const fs = require('node:fs');
const path = require('node:path');
const hcl = require('hcl2-parser');
const dir = process.argv[2];
let failed = 0;
for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.tf'))) {
  const [, err] = hcl.parseToObject(fs.readFileSync(path.join(dir, f), 'utf8'));
  if (err) failed++;
}
if (failed) console.error(`${failed} files failed to parse`);
