import { InputFileError, type InputFiles } from '../files/input-files.js';
import { parseJson } from '../files/json-error.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { isSnapshot, SECTIONS, type Snapshot } from './sections.js';
import { append } from '../../model/append.js';
import { dropMalformed } from './validate.js';

export interface ReadSnapshots {
  snapshot: Snapshot;
  files: string[];
  diagnostics: Diagnostic[];
}

/**
 * Reads AWS CLI JSON: one merged object, several files, or a folder of files, each recognised by
 * its content (the section keys), not its name. Sections from several files are concatenated.
 */
export function readSnapshots(paths: string[], display: (abs: string) => string, readerFor: (abs: string) => InputFiles): ReadSnapshots {
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
    if (Array.isArray(s.SglintReadStatus)) append((merged.SglintReadStatus ??= []), s.SglintReadStatus);
    if (Array.isArray(s.TargetHealthDescriptions)) (merged.TargetHealth ??= []).push({ ...(s.TargetGroupArn ? { TargetGroupArn: s.TargetGroupArn } : {}), TargetHealthDescriptions: s.TargetHealthDescriptions as never });
  };
  for (const p of paths) {
    const reader = readerFor(p);
    const isDir = reader.isDirectory(p);
    let list: string[];
    try {
      list = isDir ? reader.list(p).filter((e) => e.name.endsWith('.json') && e.kind !== 'dir').map((e) => e.abs) : [p];
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      diagnostics.push({ severity: 'error', message: err.message, file: display(p) });
      continue;
    }
    for (const file of list) {
      let text: string;
      try {
        text = reader.readText(file, 'data');
      } catch (err) {
        if (!(err instanceof InputFileError)) throw err;
        diagnostics.push({ severity: 'error', message: err.message, file: display(file), line: 1, column: 1 });
        continue;
      }
      const parsed = parseJson(text);
      if (parsed.error) {
        diagnostics.push({ severity: 'error', message: `malformed ${parsed.error.message.replace(/^invalid /, '')}`, file: display(file), line: parsed.error.line, column: parsed.error.column });
        continue;
      }
      const value = parsed.value;
      if (!isSnapshot(value)) {
        if (isDir) continue; // other JSON in the folder is not ours to judge
        diagnostics.push({ severity: 'error', message: `not AWS CLI describe-* output: expected keys such as SecurityGroups, NetworkInterfaces, Vpcs`, file: display(file), line: 1, column: 1 });
        continue;
      }
      files.push(display(file));
      diagnostics.push(...dropMalformed(value as Record<string, unknown>, text, display(file)));
      add(value);
    }
  }
  return { snapshot: merged, files, diagnostics };
}
