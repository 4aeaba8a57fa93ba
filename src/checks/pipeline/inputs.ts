import fs from 'node:fs';
import path from 'node:path';
import { ingestAwsCli, isSnapshot } from '../../ingest/awscli/index.js';
import type { VariableInputs } from '../../ingest/terraform/index.js';
import { looksLikeTemplate } from '../../ingest/cloudformation/detect.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { append } from '../../model/append.js';

export interface LoadedInputs {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

function merge(into: Network, from: Network): void {
  for (const k of Object.keys(into) as (keyof Network)[]) append(into[k] as unknown[], from[k] as unknown[]);
}

/** Folders never holding the user's own infrastructure code (tool caches, dependencies, VCS). */
const skipDir = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

/**
 * One walk of a folder (6 levels deep, as Terraform roots are searched): whether it holds .tf
 * files, and every CloudFormation template in it or its subfolders (paths relative to `dir`).
 */
function survey(dir: string): { tf: boolean; templates: string[] } {
  let tf = false;
  const templates: string[] = [];
  const walk = (rel: string, depth: number): void => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile() && e.name.endsWith('.tf')) tf = true;
      else if (e.isFile() && kindOf(path.join(dir, child)) === 'template') templates.push(child);
      else if (e.isDirectory() && depth < 6 && !skipDir(e.name)) walk(child, depth + 1);
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
function kindOf(file: string): FileKind | undefined {
  if (!INPUT_FILE.test(file)) return undefined;
  const fd = fs.openSync(file, 'r');
  let head: string;
  let whole: boolean;
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    head = buf.subarray(0, n).toString('utf8');
    whole = n < buf.length;
  } finally {
    fs.closeSync(fd);
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
export async function loadInputs(paths: string[], vars: VariableInputs, cwd: string): Promise<LoadedInputs> {
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
  for (const input of paths) {
    // `plan.json#before`: the state before a plan's changes (sglint diff of a single plan).
    const before = input.endsWith('#before');
    const p = before ? input.slice(0, -'#before'.length) : input;
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (err) {
      diagnostics.push({ severity: 'error', message: `cannot read ${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}` });
      continue;
    }
    if (stat.isDirectory()) {
      // A folder may hold Terraform and CloudFormation side by side, templates in subfolders too: every one is read.
      const found = survey(abs);
      if (found.tf) add((await terraform()).ingestTerraform(p, vars, cwd));
      for (const f of found.templates) add((await cloudFormation()).ingestCloudFormation(path.join(p, f), cwd, vars.vars));
      if (found.tf || found.templates.length) continue;
      const kinds = fs.readdirSync(abs).sort().map((f) => [f, kindOf(path.join(abs, f))] as const);
      if (kinds.some(([, k]) => k === 'snapshot')) snapshots.push(p);
      else diagnostics.push({ severity: 'error', message: `${p}: no Terraform (.tf) files, CloudFormation templates or AWS CLI JSON found`, file: p });
      continue;
    }
    if (p.endsWith('.tf')) {
      add((await terraform()).ingestTerraform(p, vars, cwd));
      continue;
    }
    const kind = kindOf(abs);
    if (kind === 'plan') add((await plan()).ingestPlan(p, cwd, before ? 'before' : 'after'));
    else if (kind === 'template') add((await cloudFormation()).ingestCloudFormation(p, cwd, vars.vars));
    else if (p.endsWith('.json')) snapshots.push(p); // a snapshot, or the reader reports exactly what is wrong with it
    else diagnostics.push({ severity: 'error', message: `${p}: not a Terraform file or directory, a plan JSON, a CloudFormation template, nor AWS CLI JSON`, file: p });
  }
  if (snapshots.length) add(ingestAwsCli(snapshots, cwd));
  return { network, diagnostics, files, resources };
}
