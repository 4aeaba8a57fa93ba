import fs from 'node:fs';
import path from 'node:path';
import { ingestAwsCli, isSnapshot } from '../../ingest/awscli/index.js';
import { ingestTerraform, type VariableInputs } from '../../ingest/terraform/index.js';
import { ingestPlan } from '../../ingest/tfplan/index.js';
import { ingestCloudFormation, looksLikeTemplate } from '../../ingest/cloudformation/index.js';
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

const hasTf = (dir: string): boolean => {
  const walk = (d: string, depth: number): boolean => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.tf')) return true;
      if (e.isDirectory() && depth < 6 && !e.name.startsWith('.') && e.name !== 'node_modules' && walk(path.join(d, e.name), depth + 1)) return true;
    }
    return false;
  };
  return walk(dir, 0);
};

const TEMPLATE_FILE = /\.(ya?ml|json|template)$/;

/** Is this a CloudFormation template (YAML or JSON)? Reads the head only. */
function isTemplate(file: string): boolean {
  if (!TEMPLATE_FILE.test(file)) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    return looksLikeTemplate(buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

/** Is this JSON file a Terraform plan (`terraform show -json`)? */
function looksLikePlan(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    return /^\s*\{\s*"format_version"\s*:/.test(head) && /"(terraform_version|planned_values|resource_changes)"/.test(head);
  } finally {
    fs.closeSync(fd);
  }
}

/** Does this JSON file hold AWS CLI output? Reads only the head of big files. */
function looksLikeSnapshot(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('utf8');
    if (/"(Vpcs|Subnets|RouteTables|NetworkAcls|SecurityGroups|NetworkInterfaces|Reservations|InternetGateways|LoadBalancers|TargetGroups|TargetHealthDescriptions|Listeners)"\s*:/.test(head)) return true;
    if (n < buf.length) {
      try {
        return isSnapshot(JSON.parse(head));
      } catch {
        return false;
      }
    }
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads every PATH, detecting its kind by content: a Terraform tree or .tf file, or AWS CLI
 * describe-* JSON (a file, several files, or a folder of them). A missing path is a diagnostic;
 * the others are still read. All inputs are joined into one network.
 */
export function loadInputs(paths: string[], vars: VariableInputs, cwd: string): LoadedInputs {
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
      const templates = hasTf(abs) ? [] : fs.readdirSync(abs).filter((f) => isTemplate(path.join(abs, f))).sort();
      if (hasTf(abs)) add(ingestTerraform(p, vars, cwd));
      else if (templates.length) for (const f of templates) add(ingestCloudFormation(path.join(p, f), cwd, vars.vars));
      else if (fs.readdirSync(abs).some((f) => f.endsWith('.json') && looksLikeSnapshot(path.join(abs, f)))) snapshots.push(p);
      else diagnostics.push({ severity: 'error', message: `${p}: no Terraform (.tf) files, CloudFormation templates or AWS CLI JSON found`, file: p });
    } else if (p.endsWith('.tf')) add(ingestTerraform(p, vars, cwd));
    else if (p.endsWith('.json') && looksLikePlan(abs)) add(ingestPlan(p, cwd, before ? 'before' : 'after'));
    else if (isTemplate(abs)) add(ingestCloudFormation(p, cwd, vars.vars));
    else if (p.endsWith('.json') && looksLikeSnapshot(abs)) snapshots.push(p);
    else if (p.endsWith('.json')) snapshots.push(p); // let the reader report exactly what is wrong with it
    else diagnostics.push({ severity: 'error', message: `${p}: not a Terraform file or directory, a plan JSON, a CloudFormation template, nor AWS CLI JSON`, file: p });
  }
  if (snapshots.length) add(ingestAwsCli(snapshots, cwd));
  return { network, diagnostics, files, resources };
}
