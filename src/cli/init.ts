import fs from 'node:fs';
import path from 'node:path';
import type { Io } from './run.js';

export const CONFIG_TEMPLATE = `# sglint configuration: https://github.com/sglint/sglint#configuration-sglintyml
# yaml-language-server: $schema=https://raw.githubusercontent.com/sglint/sglint/main/schema/sglint.schema.json
extends: [recommended]          # recommended | strict | cis | fsbp | pci | nist
rules: {}
  # ssh-open-to-internet: critical
  # sensitive-port-open: { options: { ports: [22, 3389, 5432] } }
  # rule-missing-description: low   # naming a rule turns it on
ignore: []
  # - examples/**
failOn: high
`;

export const WORKFLOW_TEMPLATE = `name: sglint
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write   # upload SARIF to code scanning
jobs:
  sglint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 0     # the base of a pull request is compared with its head
      - id: sglint
        uses: sglint/sglint@v0
        with:
          paths: .
          fail-on: high
      - uses: github/codeql-action/upload-sarif@v4
        if: always() && steps.sglint.outputs.sarif-file != ''
        with:
          sarif_file: \${{ steps.sglint.outputs.sarif-file }}
          category: sglint
`;

/** Writes .sglint.yml and .github/workflows/sglint.yml; never overwrites without --force. */
export function initCommand(io: Io, force: boolean): number {
  const files: [string, string][] = [['.sglint.yml', CONFIG_TEMPLATE], ['.github/workflows/sglint.yml', WORKFLOW_TEMPLATE]];
  let code = 0;
  for (const [rel, text] of files) {
    const abs = path.join(io.cwd, rel);
    if (fs.existsSync(abs) && !force) {
      io.stderr.write(`sglint: ${rel} exists; left as it is (use --force to overwrite)\n`);
      code = 1;
      continue;
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    io.stdout.write(`wrote ${rel}\n`);
  }
  return code;
}
