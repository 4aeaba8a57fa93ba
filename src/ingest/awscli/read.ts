import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { isSnapshot, SECTIONS, type Snapshot } from './sections.js';
import { append } from '../../model/append.js';

export interface ReadSnapshots {
  snapshot: Snapshot;
  files: string[];
  diagnostics: Diagnostic[];
}

/** JSON.parse's error position as line:column. */
function jsonErrorPosition(text: string, err: Error): { line: number; column: number } | null {
  const m = /position (\d+)/.exec(err.message);
  const lc = /\(line (\d+) column (\d+)\)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  if (!m) return null;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

/**
 * Reads AWS CLI JSON: one merged object, several files, or a folder of files, each recognised by
 * its content (the section keys), not its name. Sections from several files are concatenated.
 */
export function readSnapshots(paths: string[], display: (abs: string) => string): ReadSnapshots {
  const merged: Snapshot = {};
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  const add = (s: Snapshot & { TargetHealthDescriptions?: unknown; TargetGroupArn?: string }): void => {
    for (const key of SECTIONS) {
      const v = s[key];
      if (!Array.isArray(v)) continue;
      // Every entry of a section is an object in what the AWS CLI prints; anything else is skipped and said.
      const objects = v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) ? v : v.filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
      if (objects.length !== v.length) diagnostics.push({ severity: 'warning', message: `${v.length - objects.length} entr${v.length - objects.length === 1 ? 'y' : 'ies'} of ${key} ${v.length - objects.length === 1 ? 'is' : 'are'} not an object and ${v.length - objects.length === 1 ? 'was' : 'were'} skipped` });
      append((merged[key] ??= []) as unknown[], objects);
    }
    if (Array.isArray(s.TargetHealthDescriptions)) (merged.TargetHealth ??= []).push({ ...(s.TargetGroupArn ? { TargetGroupArn: s.TargetGroupArn } : {}), TargetHealthDescriptions: s.TargetHealthDescriptions as never });
  };
  for (const p of paths) {
    const stat = fs.statSync(p);
    const list = stat.isDirectory() ? fs.readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(p, f)) : [p];
    for (const file of list) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        diagnostics.push({ severity: 'error', message: `cannot read ${display(file)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, file: display(file) });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        const pos = jsonErrorPosition(text, err as Error);
        diagnostics.push({ severity: 'error', message: `malformed JSON: ${(err as Error).message}`, file: display(file), ...(pos ?? {}) });
        continue;
      }
      if (!isSnapshot(value)) {
        if (stat.isDirectory()) continue; // other JSON in the folder is not ours to judge
        diagnostics.push({ severity: 'error', message: `not AWS CLI describe-* output: expected keys such as SecurityGroups, NetworkInterfaces, Vpcs`, file: display(file), line: 1, column: 1 });
        continue;
      }
      files.push(display(file));
      add(value);
    }
  }
  return { snapshot: merged, files, diagnostics };
}
