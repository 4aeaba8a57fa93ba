import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Network } from '../../model/network.js';
import { mapSnapshot } from './map.js';
import { readSnapshots } from './read.js';

export { isSnapshot } from './sections.js';

export interface SnapshotResult {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

/** Reads AWS CLI describe-* JSON (a merged file, several files, or a folder) into the model. */
export function ingestAwsCli(paths: string[], cwd = process.cwd()): SnapshotResult {
  const display = (abs: string): string => path.relative(cwd, path.resolve(cwd, abs)).split(path.sep).join('/');
  const read = readSnapshots(paths.map((p) => path.resolve(cwd, p)), display);
  const file = read.files.length === 1 ? read.files[0]! : (read.files[0] ?? display(paths[0] ?? '.'));
  const mapped = mapSnapshot(read.snapshot, file);
  const n = mapped.network;
  return { network: n, diagnostics: [...read.diagnostics, ...mapped.diagnostics], files: read.files.length, resources: n.groups.length + n.endpoints.length + n.subnets.length + n.vpcs.length + n.nacls.length + n.routeTables.length };
}
