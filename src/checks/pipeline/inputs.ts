import fs from 'node:fs';
import path from 'node:path';
import { ingestAwsCli, isSnapshot } from '../../ingest/awscli/index.js';
import type { VariableInputs } from '../../ingest/terraform/index.js';
import { DEFAULT_LIMITS, InputFileError, InputFiles, moduleRootOf, ReadBudget, type Entry, type ReadLimits } from '../../ingest/files/input-files.js';
import { looksLikeTemplate } from '../../ingest/cloudformation/detect.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { append } from '../../model/append.js';

export interface InputOptions {
  /** The module root for every path (--root); by default each path's enclosing git work tree, else the path itself. */
  root?: string;
  limits?: ReadLimits;
}

/** One confined reader per module root, all sharing one scan budget. */
function readers(cwd: string, options: InputOptions): (abs: string) => InputFiles {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const budget = new ReadBudget(limits.maxScanBytes);
  const display = (abs: string): string => path.relative(cwd, abs).split(path.sep).join('/') || '.';
  const byRoot = new Map<string, InputFiles>();
  return (abs) => {
    const root = options.root ? path.resolve(cwd, options.root) : moduleRootOf(abs);
    let reader = byRoot.get(root);
    if (!reader) byRoot.set(root, (reader = new InputFiles(root, { limits, budget, display })));
    return reader;
  };
}

export interface LoadedInputs {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

function merge(into: Network, from: Network): void {
  // Every list the input has, the optional ones (a partial read's `unread`) included.
  for (const k of Object.keys(from) as (keyof Network)[]) if (Array.isArray(from[k])) append(((into as unknown as Record<string, unknown[]>)[k] ??= []), from[k] as unknown[]);
}

/** Folders never holding the user's own infrastructure code (tool caches, dependencies, VCS). */
const skipDir = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

/**
 * One walk of a folder (6 levels deep, as Terraform roots are searched): whether it holds .tf
 * files, and every CloudFormation template in it or its subfolders (paths relative to `dir`).
 * Symlinked folders are not followed; symlinked files only when they stay inside the root.
 */
function survey(reader: InputFiles, dir: string): { tf: boolean; templates: string[] } {
  let tf = false;
  const templates: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries: Entry[];
    try {
      entries = reader.list(path.join(dir, rel));
    } catch {
      return; // the Terraform walk reports unreadable folders
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.name.endsWith('.tf') && e.kind !== 'dir') tf = true;
      else if (e.kind === 'file' && kindOf(reader, e.abs) === 'template') templates.push(child);
      else if (e.kind === 'dir' && !e.symlink && depth < 6 && !skipDir(e.name)) walk(child, depth + 1);
    }
  };
  walk('', 0);
  return { tf, templates };
}

// Ingesters are loaded when an input needs them: an AWS snapshot scan need not load the HCL and YAML parsers.
const terraform = () => import('../../ingest/terraform/index.js');
const plan = () => import('../../ingest/tfplan/index.js');
const cloudFormation = () => import('../../ingest/cloudformation/index.js');

const INPUT_FILE = /\.(ya?ml|json|template)$/;
const SNAPSHOT_KEYS = /"(Vpcs|Subnets|RouteTables|NetworkAcls|SecurityGroups|NetworkInterfaces|Reservations|InternetGateways|LoadBalancers|TargetGroups|TargetHealthDescriptions|Listeners)"\s*:/;

type FileKind = 'plan' | 'template' | 'snapshot';

/**
 * What a JSON/YAML file holds, judged by content from its first 64 KiB (read once): a Terraform
 * plan, a CloudFormation template, AWS CLI describe-* output, or none of these.
 */
function kindOf(reader: InputFiles, file: string): FileKind | undefined {
  if (!INPUT_FILE.test(file)) return undefined;
  let head: string;
  let whole: boolean;
  try {
    const buf = reader.readBytes(file, 'data', 65536);
    head = buf.toString('utf8');
    whole = buf.length < 65536;
  } catch (err) {
    if (err instanceof InputFileError) return undefined; // the ingester reading it reports why
    throw err;
  }
  const json = file.endsWith('.json');
  if (json && /^\s*\{\s*"format_version"\s*:/.test(head) && /"(terraform_version|planned_values|resource_changes)"/.test(head)) return 'plan';
  if (looksLikeTemplate(head)) return 'template';
  if (!json) return undefined;
  if (SNAPSHOT_KEYS.test(head)) return 'snapshot';
  if (!whole) return undefined;
  try {
    return isSnapshot(JSON.parse(head)) ? 'snapshot' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads every PATH, detecting its kind by content: a Terraform tree or .tf file, or AWS CLI
 * describe-* JSON (a file, several files, or a folder of them). A missing path is a diagnostic;
 * the others are still read. All inputs are joined into one network.
 */
export async function loadInputs(paths: string[], vars: VariableInputs, cwd: string, options: InputOptions = {}): Promise<LoadedInputs> {
  const network = emptyNetwork();
  const diagnostics: Diagnostic[] = [];
  let files = 0;
  let resources = 0;
  const snapshots: string[] = [];
  const add = (r: LoadedInputs): void => {
    merge(network, r.network);
    append(diagnostics, r.diagnostics);
    files += r.files;
    resources += r.resources;
  };
  const readerFor = readers(cwd, options);
  for (const input of paths) {
    // `plan.json#before`: the state before a plan's changes (sglint diff of a single plan).
    const before = input.endsWith('#before');
    const p = before ? input.slice(0, -'#before'.length) : input;
    const abs = path.resolve(cwd, p);
    const reader = readerFor(abs);
    let real: string;
    try {
      real = reader.resolve(abs);
      fs.statSync(real);
    } catch (err) {
      const message = err instanceof InputFileError ? err.message : `cannot read ${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`;
      diagnostics.push({ severity: 'error', message });
      continue;
    }
    if (reader.isDirectory(real)) {
      // A folder may hold Terraform and CloudFormation side by side, templates in subfolders too: every one is read.
      const found = survey(reader, abs);
      if (found.tf) add(await (await terraform()).ingestTerraformDownloading(p, vars, cwd, reader));
      for (const f of found.templates) add((await cloudFormation()).ingestCloudFormation(path.join(p, f), cwd, vars.vars, reader));
      if (found.tf || found.templates.length) continue;
      const kinds = reader.list(abs).map((e) => [e.name, e.kind === 'file' ? kindOf(reader, e.abs) : undefined] as const);
      if (kinds.some(([, k]) => k === 'snapshot')) snapshots.push(p);
      else diagnostics.push({ severity: 'error', message: `${p}: no Terraform (.tf) files, CloudFormation templates or AWS CLI JSON found`, file: p });
      continue;
    }
    if (p.endsWith('.tf')) {
      add(await (await terraform()).ingestTerraformDownloading(p, vars, cwd, reader));
      continue;
    }
    const kind = kindOf(reader, abs);
    if (kind === 'plan') add((await plan()).ingestPlan(p, cwd, before ? 'before' : 'after', reader));
    else if (kind === 'template') add((await cloudFormation()).ingestCloudFormation(p, cwd, vars.vars, reader));
    else if (p.endsWith('.json')) snapshots.push(p); // a snapshot, or the reader reports exactly what is wrong with it
    else diagnostics.push({ severity: 'error', message: `${p}: not a Terraform file or directory, a plan JSON, a CloudFormation template, nor AWS CLI JSON`, file: p });
  }
  if (snapshots.length) add(ingestAwsCli(snapshots, cwd, readerFor));
  return { network, diagnostics, files, resources };
}
