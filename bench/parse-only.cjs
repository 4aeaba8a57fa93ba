// Baseline for the snapshot benchmark: read the file and JSON.parse it, nothing else.
const fs = require('node:fs');
JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
