import { parseCidr } from '../../net/addresses.js';
import { trafficSpec, type PathSpec, type PolicySpec } from '../../solver/reach/index.js';
import type { Severity } from '../rule-api.js';

/** A policy from `.sglint.yml`, with where it was written (findings point back at it). */
export interface ConfiguredPolicy extends PolicySpec {
  severity?: Severity;
  /** The config file (relative to the working directory) and the policy's position in it. */
  file: string;
  line: number;
  column: number;
}

type Locate = (keys: (string | number)[]) => { line: number; column: number };
type Report = (message: string, pos: { line: number; column: number }) => void;

const POLICY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks what the JSON Schema cannot: selector syntax, ports and protocols, ids unique. */
function selectorProblem(text: string): string | null {
  const s = text.trim();
  if (!s) return 'a selector cannot be empty';
  if (s.startsWith('tag:') && (s.length === 4 || s[4] === '=')) return `${JSON.stringify(s)}: a tag selector is tag:KEY=VALUE or tag:KEY`;
  if (s.startsWith('cidr:') && !parseCidr(s.slice(5))) return `${JSON.stringify(s)}: not an IP address or CIDR`;
  if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(s) && !parseCidr(s)) return `${JSON.stringify(s)}: not a valid IPv4 address or CIDR`;
  return null;
}

function checkPath(p: PathSpec, keys: (string | number)[], locate: Locate, report: Report): boolean {
  let ok = true;
  for (const side of ['from', 'to'] as const) {
    const v = p[side];
    const items = v === undefined ? [] : Array.isArray(v) ? v : [v];
    items.forEach((text, k) => {
      const problem = selectorProblem(text);
      if (problem) {
        ok = false;
        report(`${[...keys, side].join('.')}: ${problem}`, locate(Array.isArray(v) ? [...keys, side, k] : [...keys, side]));
      }
    });
  }
  const t = trafficSpec(p.protocol, p.ports);
  if ('error' in t) {
    ok = false;
    report(`${keys.join('.')}: ${t.error}`, locate([...keys, p.ports !== undefined && t.error.includes('port') ? 'ports' : 'protocol']));
  }
  return ok;
}

/**
 * The `policies:` section, already shape-checked by the schema (`bad` holds the key paths it
 * rejected). A policy with an error is left out (the others still run); every error names its line.
 */
export function readPolicies(raw: unknown, bad: ReadonlySet<string>, file: string, locate: Locate, report: Report): ConfiguredPolicy[] {
  if (!Array.isArray(raw)) return [];
  const out: ConfiguredPolicy[] = [];
  const ids = new Map<string, number>();
  raw.forEach((value: unknown, i) => {
    if ([...bad].some((k) => k === 'policies' || k === `policies.${i}` || k.startsWith(`policies.${i}.`))) return;
    const p = value as PolicySpec & { severity?: Severity };
    const keys = ['policies', i];
    let ok = true;
    if (!POLICY_ID.test(p.id)) {
      report(`policies.${i}.id: ${JSON.stringify(p.id)} must start with a letter or digit and hold only letters, digits, ".", "_" and "-"`, locate([...keys, 'id']));
      ok = false;
    } else if (ids.has(p.id)) {
      report(`policies.${i}.id: "${p.id}" is already the id of policies.${ids.get(p.id)}`, locate([...keys, 'id']));
      ok = false;
    } else ids.set(p.id, i);
    if (!!p.forbid === !!p.only) {
      report(`policies.${i}: a policy has exactly one of forbid or only`, locate(keys));
      ok = false;
    }
    if (p.only && (p.maxHops !== undefined || p.through !== undefined)) {
      report(`policies.${i}: maxHops and through apply to forbid; only judges who opens the last connection`, locate([...keys, p.maxHops !== undefined ? 'maxHops' : 'through']));
      ok = false;
    }
    const spec = p.forbid ? 'forbid' : 'only';
    if (p[spec] && !checkPath(p[spec], [...keys, spec], locate, report)) ok = false;
    (p.except ?? []).forEach((x, k) => {
      if (!checkPath(x, [...keys, 'except', k], locate, report)) ok = false;
    });
    const through = p.through === undefined ? [] : Array.isArray(p.through) ? p.through : [p.through];
    through.forEach((t, k) => {
      if (/^(tag|vpc|cidr|endpoint):/.test(t) || t === 'internet' || t === 'any') {
        report(`policies.${i}.through: ${JSON.stringify(t)}: through names security groups or subnets (group:ID, subnet:ID, or a bare id or name)`, locate([...keys, 'through', ...(Array.isArray(p.through) ? [k] : [])]));
        ok = false;
      }
    });
    if (ok) out.push({ ...p, file, ...locate(keys) });
  });
  return out;
}
