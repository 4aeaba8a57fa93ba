import fs from 'node:fs';
import path from 'node:path';
import type { Io } from './run.js';

export const CONFIG_TEMPLATE = `# sglint configuration: https://github.com/sglint/sglint#configuration-sglintyml
# yaml-language-server: $schema=https://raw.githubusercontent.com/sglint/sglint/main/schema/sglint.schema.json
extends: [recommended]          # recommended | strict | cis | fsbp | pci | nist
# Rule settings: a severity, off, or options. Naming a rule turns it on. For example:
# rules:
#   ssh-open-to-internet: critical
#   sensitive-port-open: { options: { ports: [22, 3389, 5432] } }
#   rule-missing-description: low
rules: {}
# Paths whose findings are not reported (globs, relative to this file). For example:
# ignore:
#   - examples/**
ignore: []
failOn: high
`;

export const WORKFLOW_TEMPLATE = `# Written by \`sglint init\` (the same as examples/pull-request.yml in the sglint repository).
# On a pull request sglint compares the head with the base commit and reports only what the
# change adds: annotations, the job summary and one pull-request comment (created once, updated
# on every push, "all clear" when nothing is left), each with a mermaid graph of the new paths.
# The SARIF file holds the whole state of the head for code scanning. Config and custom rules are
# read from the base branch, so a pull request can neither switch rules off nor run its own code.
#
# Actions are pinned to a commit, the version in the comment (Dependabot's github-actions updates both).
name: sglint
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read           # check out the repository
  pull-requests: write     # the pull-request comment
  security-events: write   # upload the SARIF file to code scanning
  actions: read            # code scanning reads the run (needed in private repositories)
jobs:
  sglint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch-depth: 0     # the base commit must be in the clone
      - id: sglint
        uses: sglint/sglint@v0
        with:
          paths: .
          fail-on: high
          sarif: sglint.sarif
          category: sglint/iac/   # written into the SARIF (automationDetails.id), where it takes effect
      # A pull request from a fork gets a read-only token: code scanning cannot take the upload,
      # so it is skipped with a notice (the annotations and the job summary still have everything).
      - if: always() && steps.sglint.outputs.sarif-file != '' && github.event.pull_request.head.repo.fork
        run: echo "::notice title=sglint::SARIF not uploaded to code scanning; a pull request from a fork has a read-only token. See the job summary."
      - uses: github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2
        if: always() && steps.sglint.outputs.sarif-file != '' && !github.event.pull_request.head.repo.fork
        with:
          sarif_file: \${{ steps.sglint.outputs.sarif-file }}
`;

/** Writes .sglint.yml and .github/workflows/sglint.yml; never overwrites without --force. Running it again changes nothing and succeeds. */
export function initCommand(io: Io, force: boolean): number {
  const files: [string, string][] = [['.sglint.yml', CONFIG_TEMPLATE], ['.github/workflows/sglint.yml', WORKFLOW_TEMPLATE]];
  for (const [rel, text] of files) {
    const abs = path.join(io.cwd, rel);
    if (fs.existsSync(abs) && !force) {
      io.stdout.write(`${rel} exists; left as it is (--force overwrites it)\n`);
      continue;
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    io.stdout.write(`wrote ${rel}\n`);
  }
  return 0;
}
