import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestTerraform, type TerraformResult } from '../../src/ingest/terraform/index.js';

/** Writes `files` (path -> content) into a fresh temporary directory and returns it. */
export function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-test-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export function ingest(files: Record<string, string>, vars: string[] = [], varFiles: string[] = []): TerraformResult & { dir: string } {
  const dir = tempTree(files);
  return { ...ingestTerraform(dir, { vars, varFiles }, dir), dir };
}

export const errors = (r: TerraformResult): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
