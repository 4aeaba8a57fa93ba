import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { InputFileError, InputFiles, moduleRootOf } from '../files/input-files.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import type { EvaluatedBlock, EvaluatedBody } from '../terraform/eval/blocks.js';
import type { EvaluatedResource } from '../terraform/eval/resources.js';
import type { Value } from '../terraform/eval/values.js';
import { SourceFile } from '../terraform/hcl/source.js';
import { mapResources } from '../terraform/map/index.js';
import { Intrinsics, NO_VALUE, type TemplateContext } from './intrinsics.js';
import { readTemplate } from './template.js';
import { dict } from '../own.js';
import { targetAttachments, translate, type Translated } from './translate.js';

export interface CloudFormationResult {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

/** A CloudFormation template (YAML or JSON, `cdk synth` output included): recognised by content. */
export { looksLikeTemplate } from './detect.js';

/**
 * Reads a CloudFormation template into the model: parameters take their defaults (or `--var
 * Name=value`), conditions and mappings are evaluated, resources whose condition is false are
 * left out, and each resource is expressed in Terraform's vocabulary so the same mappers (and
 * so the same semantics) apply. Findings carry the template's file:line:column.
 */
export function ingestCloudFormation(file: string, cwd: string, vars: string[] = [], files?: InputFiles): CloudFormationResult {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs) || abs;
  const reader = files ?? new InputFiles(moduleRootOf(abs), { display: () => rel });
  let text: string;
  try {
    // cdk synth output can be large, but it is still source text, capped as such.
    text = reader.readText(abs, 'source');
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    return { network: emptyNetwork(), diagnostics: [{ severity: 'error', message: err.message, file: rel }], files: 0, resources: 0 };
  }
  const tpl = readTemplate(text);
  const source = new SourceFile(rel, tpl.text);
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => source.position(Math.min(offset, Math.max(0, tpl.text.length - 1)));
  for (const e of tpl.errors) diagnostics.push({ severity: 'error', message: `invalid template: ${e.message}`, file: rel, ...at(e.offset) });
  const root = tpl.value;
  const resourcesIn = (root['Resources'] ?? dict()) as Record<string, { Type?: string; Properties?: Record<string, unknown>; Condition?: string }>;
  if (tpl.errors.length === 0 && (typeof resourcesIn !== 'object' || Array.isArray(resourcesIn))) diagnostics.push({ severity: 'error', message: 'Resources must be a mapping of logical ids to resources', file: rel, line: 1, column: 1 });
  const ctx: TemplateContext = {
    parameters: (root['Parameters'] ?? dict()) as TemplateContext['parameters'],
    overrides: overrides(vars),
    mappings: (root['Mappings'] ?? dict()) as TemplateContext['mappings'],
    conditions: (root['Conditions'] ?? dict()) as Record<string, unknown>,
    resources: resourcesIn,
    error: (message, p) => report('error', message, p),
    warn: (message, p) => report('warning', message, p),
  };
  function report(severity: 'error' | 'warning', message: string, p: string[]): void {
    // The nearest node that exists (an intrinsic's own key is not a node of the source).
    let r: { s: number } | undefined;
    for (let n = p.length; n > 0 && !r; n--) r = tpl.range(p.slice(0, n));
    diagnostics.push({ severity, message, file: rel, ...at(r?.s ?? 0) });
  }
  // Macros (AWS::Serverless, AWS::LanguageExtensions, custom ones) rewrite the template at deployment.
  const transforms = (Array.isArray(root['Transform']) ? root['Transform'] : root['Transform'] === undefined ? [] : [root['Transform']]).map((t) => (typeof t === 'string' ? t : JSON.stringify(t)));
  if (transforms.length) ctx.warn(`the template uses the transform${transforms.length > 1 ? 's' : ''} ${transforms.join(', ')}: sglint reads it as written, before the macro expands it, so resources the macro creates are not scanned`, ['Transform']);
  const fn = new Intrinsics(ctx);
  // VPCs given an IPv6 block by an AWS::EC2::VPCCidrBlock.
  const ipv6Vpcs = new Set<string>();
  for (const [id, res] of Object.entries(resourcesIn)) {
    if (res?.Type !== 'AWS::EC2::VPCCidrBlock') continue;
    const p = fn.value(res.Properties ?? {}, ['Resources', id, 'Properties']) as Record<string, Value>;
    if ((p['AmazonProvidedIpv6CidrBlock'] === true || p['Ipv6CidrBlock'] || p['Ipv6Pool']) && typeof p['VpcId'] === 'string') ipv6Vpcs.add(p['VpcId']);
  }
  const resources: EvaluatedResource[] = [];
  let count = 0;
  for (const [id, res] of Object.entries(resourcesIn)) {
    count++;
    if (!res || typeof res !== 'object' || typeof res.Type !== 'string') {
      ctx.error(`resource ${id} needs a Type such as AWS::EC2::SecurityGroup`, ['Resources', id]);
      continue;
    }
    if (res.Condition !== undefined && typeof res.Condition !== 'string') {
      ctx.error(`resource ${id}: Condition must be the name of a condition in Conditions`, ['Resources', id, 'Condition']);
    } else if (res.Condition) {
      const c = fn.condition(res.Condition, ['Resources', id, 'Condition']);
      if (c === false) continue; // not created
    }
    const base = ['Resources', id];
    const props = fn.value(res.Properties ?? {}, [...base, 'Properties']);
    const p = (props && props !== NO_VALUE && typeof props === 'object' && !Array.isArray(props) ? props : {}) as Record<string, Value>;
    if (ipv6Vpcs.has(id)) p['__ipv6'] = true;
    const t = translate(id, res.Type, p, base);
    if (!t) continue;
    const span = tpl.entryRange(base) ?? { s: 0, e: 1 };
    resources.push(evaluated(id, t, span, source, tpl));
    if (res.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup') {
      targetAttachments(p).forEach((a, i) => {
        resources.push(evaluated(`${id}.Targets[${i}]`, { type: 'aws_lb_target_group_attachment', attrs: { target_group_arn: `arn:sglint:${id}`, target_id: a.target_id, port: a.port }, blocks: [] }, tpl.range([...base, 'Properties', 'Targets', i]) ?? span, source, tpl));
      });
    }
  }
  const mapped = resources.length ? mapResources(resources) : { network: emptyNetwork(), diagnostics: [] };
  return { network: mapped.network, diagnostics: [...diagnostics, ...mapped.diagnostics], files: 1, resources: count };
}

/** `--var Name=value` for parameters, later ones winning; names are data, never prototype keys. */
function overrides(vars: string[]): Record<string, string> {
  const out = dict<string>();
  for (const v of vars) if (v.indexOf('=') > 0) out[v.slice(0, v.indexOf('='))] = v.slice(v.indexOf('=') + 1);
  return out;
}

function evaluated(id: string, t: Translated, span: { s: number; e: number }, file: SourceFile, tpl: ReturnType<typeof readTemplate>): EvaluatedResource {
  const body = (attrs: Translated['attrs'], blocks: Translated['blocks'], at: { s: number; e: number }): EvaluatedBody => {
    const out: EvaluatedBody = { attrs: Object.create(null) as EvaluatedBody['attrs'], blocks: [] };
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) out.attrs[k] = { value: v, span: at };
    for (const b of blocks) {
      const bs = tpl.range(b.path) ?? at;
      const block: EvaluatedBlock = { type: b.type, labels: [], body: body(b.attrs, b.blocks ?? [], bs), span: bs, file };
      out.blocks.push(block);
    }
    return out;
  };
  return { address: id, type: t.type, name: id, modulePrefix: '', file, span, body: body(t.attrs, t.blocks, span) };
}
