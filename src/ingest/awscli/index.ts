import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { InputFiles, moduleRootOf } from '../files/input-files.js';
import { cleanNetwork } from './clean.js';
import { mapSnapshot } from './map.js';
import { readSnapshots } from './read.js';
import { markUnreadListeners, readStatusOutcome } from './read-status.js';

export { isSnapshot } from './sections.js';

export interface SnapshotResult {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

/** Reads AWS CLI describe-* JSON (a merged file, several files, or a folder) into the model. */
export function ingestAwsCli(paths: string[], cwd = process.cwd(), readerFor?: (abs: string) => InputFiles): SnapshotResult {
  const display = (abs: string): string => path.relative(cwd, path.resolve(cwd, abs)).split(path.sep).join('/');
  const read = readSnapshots(paths.map((p) => path.resolve(cwd, p)), display, readerFor ?? ((abs) => new InputFiles(moduleRootOf(abs), { display })));
  const file = read.files.length === 1 ? read.files[0]! : (read.files[0] ?? display(paths[0] ?? '.'));
  let mapped: ReturnType<typeof mapSnapshot>;
  try {
    mapped = mapSnapshot(read.snapshot, file);
  } catch (err) {
    // A value of the wrong type deep inside (hand-edited or another tool's JSON): say so, never crash.
    const message = `the snapshot is not in the shape aws ec2 describe-* prints (${(err as Error).message}); nothing was read from it`;
    return { network: emptyNetwork(), diagnostics: [...read.diagnostics, { severity: 'error', message, file }], files: read.files.length, resources: 0 };
  }
  const n = mapped.network;
  const cleaned = cleanNetwork(n).map((message) => ({ severity: 'warning' as const, message, file }));
  // A partial live read: what it missed is unknown to the solver, and every report says so first.
  const partial = readStatusOutcome(read.snapshot.SglintReadStatus ?? [], file);
  if (partial.unread.length) {
    n.unread = partial.unread;
    markUnreadListeners(n, partial.unread);
  }
  return { network: n, diagnostics: [...partial.diagnostics, ...read.diagnostics, ...mapped.diagnostics, ...cleaned], files: read.files.length, resources: n.groups.length + n.endpoints.length + n.subnets.length + n.vpcs.length + n.nacls.length + n.routeTables.length };
}
