/**
 * Module versions and version constraints exactly as Terraform reads them for module calls
 * (hashicorp/go-version): `1.2.3`, `v1.2`, `1.0.0-beta.1+meta`; constraints are a comma-separated
 * list of `=`, `!=`, `>`, `>=`, `<`, `<=`, `~>` (or no operator, meaning `=`), all of which must hold.
 */
export interface Version {
  /** Numeric segments, padded to at least three. */
  segments: number[];
  /** How many segments were written (`~> 1.2` keeps the first one and lets the second grow). */
  specified: number;
  prerelease: string;
  text: string;
}

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';

export interface Constraint {
  op: Op;
  version: Version;
}

const PART = '[0-9A-Za-z\\-~]+';
const VERSION = `v?([0-9]+(?:\\.[0-9]+)*?)(?:-([0-9]+[0-9A-Za-z\\-~]*(?:\\.${PART})*)|(-?[A-Za-z\\-~]+[0-9A-Za-z\\-~]*(?:\\.${PART})*))?(?:\\+(${PART}(?:\\.${PART})*))?`;
const VERSION_RE = new RegExp(`^${VERSION}$`);
const CONSTRAINT_RE = new RegExp(`^\\s*(=|!=|>=|<=|>|<|~>)?\\s*(${VERSION.replace(/\((?!\?)/g, '(?:')})\\s*$`);

export function parseVersion(text: string): Version | null {
  const m = VERSION_RE.exec(text);
  if (!m) return null;
  const written = m[1]!.split('.').map(Number);
  if (written.some((n) => !Number.isSafeInteger(n))) return null;
  const segments = [...written];
  while (segments.length < 3) segments.push(0);
  const pre = m[2] ?? (m[3] ? m[3].replace(/^-/, '') : '');
  return { segments, specified: written.length, prerelease: pre, text };
}

/** Parses a constraint string; throws an Error naming the malformed part. */
export function parseConstraints(text: string): Constraint[] {
  return text.split(',').map((single) => {
    const m = CONSTRAINT_RE.exec(single);
    const version = m ? parseVersion(m[2]!) : null;
    if (!m || !version) throw new Error(`malformed version constraint ${JSON.stringify(single.trim())}`);
    return { op: (m[1] ?? '=') as Op, version };
  });
}

function comparePart(a: string, b: string): number {
  if (a === b) return 0;
  const an = /^[0-9]+$/.test(a);
  const bn = /^[0-9]+$/.test(b);
  if (a === '') return bn ? -1 : 1;
  if (b === '') return an ? 1 : -1;
  if (an && !bn) return -1;
  if (!an && bn) return 1;
  if (an && bn) return Number(a) > Number(b) ? 1 : -1;
  return a > b ? 1 : -1;
}

function comparePrerelease(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const c = comparePart(pa[i] ?? '', pb[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

/** -1, 0 or 1; build metadata is ignored, a prerelease sorts below its release. */
export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i] ?? 0;
    const y = b.segments[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.prerelease === b.prerelease) return 0;
  if (!a.prerelease) return 1;
  if (!b.prerelease) return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

const sameSegments = (a: Version, b: Version): boolean => a.segments.length === b.segments.length && a.segments.every((s, i) => s === b.segments[i]);

/** A constraint with a prerelease matches only prereleases of the same release, and vice versa. */
function prereleaseCheck(v: Version, c: Version): boolean {
  if (c.prerelease && v.prerelease) return sameSegments(v, c);
  return !v.prerelease || !!c.prerelease;
}

function pessimistic(v: Version, c: Version): boolean {
  if (!prereleaseCheck(v, c) || (c.prerelease && !v.prerelease)) return false;
  if (compareVersions(v, c) < 0) return false;
  const last = c.segments.length - 1;
  if (last >= v.segments.length) return false;
  for (let i = 0; i < c.specified - 1; i++) if (v.segments[i] !== c.segments[i]) return false;
  return c.segments[last]! <= v.segments[last]!;
}

function check(v: Version, { op, version: c }: Constraint): boolean {
  const cmp = compareVersions(v, c);
  switch (op) {
    case '=': return cmp === 0;
    case '!=': return cmp !== 0;
    case '>': return prereleaseCheck(v, c) && cmp > 0;
    case '>=': return prereleaseCheck(v, c) && cmp >= 0;
    case '<': return prereleaseCheck(v, c) && cmp < 0;
    case '<=': return prereleaseCheck(v, c) && cmp <= 0;
    case '~>': return pessimistic(v, c);
  }
}

export const satisfies = (v: Version, constraints: Constraint[]): boolean => constraints.every((c) => check(v, c));

/**
 * The version `terraform init` installs: the newest one meeting every constraint. A prerelease
 * is considered only when a constraint names it exactly.
 */
export function selectVersion(available: string[], constraints: Constraint[]): Version | null {
  let best: Version | null = null;
  for (const text of available) {
    const v = parseVersion(text);
    if (!v) continue;
    if (v.prerelease && !constraints.some((c) => c.op === '=' && compareVersions(c.version, v) === 0)) continue;
    if (satisfies(v, constraints) && (!best || compareVersions(v, best) > 0)) best = v;
  }
  return best;
}

/** The canonical text (`v1.2` -> `1.2.0`), used in cache keys and messages. */
export const versionString = (v: Version): string => `${v.segments.join('.')}${v.prerelease ? `-${v.prerelease}` : ''}`;
