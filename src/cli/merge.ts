import path from 'node:path';
import { InputFileError, InputFiles, moduleRootOf } from '../ingest/files/input-files.js';
import { parseJson } from '../ingest/files/json-error.js';
import { emit } from './output.js';
import type { Io } from './run.js';

interface SarifRun {
  tool: { driver: { name: string; version?: string; rules?: { id: string }[] } };
  automationDetails?: { id?: string };
  results?: { ruleId?: string; ruleIndex?: number }[];
  [k: string]: unknown;
}

/**
 * `sglint merge`: joins the snapshots (AWS CLI describe-* JSON) or the SARIF files that several
 * jobs wrote (a matrix over accounts and regions) into one. Snapshots: sections are
 * concatenated and de-duplicated by their ids. SARIF: runs of the same tool and category are
 * joined (GitHub rejects an upload that repeats one), others kept side by side.
 */
export function mergeCommand(files: string[], output: string | undefined, io: Io): number {
  if (files.length === 0) {
    io.stderr.write('sglint: merge needs at least one FILE\n');
    return 2;
  }
  const docs: { file: string; data: Record<string, unknown> }[] = [];
  for (const f of files) {
    // Through the confined reader: a regular file of bounded size; a syntax error gives its position, never its content.
    const abs = path.resolve(io.cwd, f);
    let text: string;
    try {
      text = new InputFiles(moduleRootOf(abs), { display: () => f }).readText(abs, 'data');
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      io.stderr.write(`sglint: ${err.message}\n`);
      return 2;
    }
    const parsed = parseJson(text);
    if (parsed.error) {
      io.stderr.write(`sglint: ${f}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}\n`);
      return 2;
    }
    const data = parsed.value;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      io.stderr.write(`sglint: ${f}: expected a JSON object\n`);
      return 2;
    }
    docs.push({ file: f, data: data as Record<string, unknown> });
  }
  const sarif = docs.filter((d) => Array.isArray(d.data['runs']) && typeof d.data['version'] === 'string');
  if (sarif.length && sarif.length !== docs.length) {
    io.stderr.write(`sglint: cannot merge SARIF (${sarif.map((d) => d.file).join(', ')}) with snapshots\n`);
    return 2;
  }
  const merged = sarif.length ? mergeSarif(docs.map((d) => d.data)) : mergeSnapshots(docs.map((d) => d.data));
  return emit(JSON.stringify(merged, null, 2) + '\n', output, io) ? 0 : 2;
}

function mergeSarif(logs: Record<string, unknown>[]): Record<string, unknown> {
  const byKey = new Map<string, SarifRun>();
  for (const log of logs) {
    for (const run of log['runs'] as SarifRun[]) {
      const key = `${run.tool.driver.name}\0${run.tool.driver.version ?? ''}\0${run.automationDetails?.id ?? ''}`;
      const into = byKey.get(key);
      if (!into) {
        byKey.set(key, structuredClone(run));
        continue;
      }
      const rules = (into.tool.driver.rules ??= []);
      const index = new Map(rules.map((r, i) => [r.id, i]));
      for (const r of run.tool.driver.rules ?? []) if (!index.has(r.id)) index.set(r.id, rules.push(r) - 1);
      for (const res of run.results ?? []) (into.results ??= []).push({ ...res, ...(res.ruleId && index.has(res.ruleId) ? { ruleIndex: index.get(res.ruleId)! } : {}) });
    }
  }
  return { ...logs[0], runs: [...byKey.values()] };
}

/** The id field of a snapshot item (VpcId, GroupId, NetworkInterfaceId, LoadBalancerArn, ...). */
const idOf = (item: unknown): string | undefined => {
  if (!item || typeof item !== 'object') return undefined;
  const o = item as Record<string, unknown>;
  const key = Object.keys(o).find((k) => /(Id|Arn)$/.test(k) && typeof o[k] === 'string');
  return key ? `${key}=${o[key] as string}` : undefined;
};

function mergeSnapshots(docs: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  const seen = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const [section, value] of Object.entries(doc)) {
      if (!Array.isArray(value)) continue;
      const list = (out[section] ??= []);
      const ids = seen.get(section) ?? seen.set(section, new Set()).get(section)!;
      for (const item of value) {
        const id = idOf(item);
        if (id && ids.has(id)) continue;
        if (id) ids.add(id);
        list.push(item);
      }
    }
  }
  return out;
}
