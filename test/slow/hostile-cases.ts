/**
 * Hostile inputs, generated (never stored): one family per way an attacker's repository or
 * snapshot can hurt a scan — exhaustion, ReDoS, deep nesting, path escapes, code execution,
 * prototype keys, output injection, malformed structure. Each case is a set of files, the CLI
 * arguments, and what must hold of the result beyond the common limits (time, memory, no crash).
 */
import { existsSync } from 'node:fs';

export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The report when the case asks for --format json. */
  json?: { findings: { ruleId: string; message: string; location: { file: string; line: number } }[]; diagnostics: { severity: string; message: string; file?: string; line?: number }[] };
}

export interface HostileCase {
  family: 'exhaustion' | 'redos' | 'depth' | 'path-escape' | 'code-execution' | 'prototype-keys' | 'output-injection' | 'malformed';
  name: string;
  /** Relative path -> content, or -> { symlink: target }. */
  files: () => Record<string, string | { symlink: string }>;
  /** Arguments after `sglint`; `$DIR` is the case's folder. Default: scan $DIR --format json. */
  args?: string[];
  env?: Record<string, string>;
  check?: (o: Outcome, dir: string) => void;
}

export const SECRET = 'sglint-hostile-secret-7f3a9c';

const sg = (name: string, body = ''): string => `resource "aws_security_group" "${name}" {\n  vpc_id = "vpc-1"\n  description = "d"\n${body}}\n`;
const open22 = '  ingress {\n    protocol = "tcp"\n    from_port = 22\n    to_port = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n';
const has = (o: Outcome, re: RegExp): boolean => (o.json?.diagnostics ?? []).some((d) => re.test(d.message));
const need = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(what);
};
const errorAt = (re: RegExp) => (o: Outcome): void => need((o.json?.diagnostics ?? []).some((d) => d.severity === 'error' && re.test(d.message) && d.line !== undefined), `an error with a line matching ${re}`);

const snapshot = (groups: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ SecurityGroups: groups, Vpcs: [], NetworkInterfaces: [], ...extra });
const group = (id: string, perms: unknown[] = []): Record<string, unknown> => ({ GroupId: id, GroupName: id, VpcId: 'vpc-1', IpPermissions: perms, IpPermissionsEgress: [] });
const perm = (from: number, to: number, cidr = '0.0.0.0/0'): Record<string, unknown> => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [{ CidrIp: cidr }] });

export const CASES: HostileCase[] = [
  // ---- exhaustion
  { family: 'exhaustion', name: 'cidrsubnets with 1000 new bits', files: () => ({ 'main.tf': sg('g', '  name = join(",", cidrsubnets("10.0.0.0/8", 1000))\n') }), check: errorAt(/./) },
  { family: 'exhaustion', name: 'count = pow(10, 400)', files: () => ({ 'main.tf': sg('g', '  count = pow(10, 400)\n') }), check: errorAt(/./) },
  { family: 'exhaustion', name: 'indent(1e9, ...)', files: () => ({ 'main.tf': sg('g', '  name = indent(1000000000, "a\\nb")\n') }), check: errorAt(/too large|limit/i) },
  { family: 'exhaustion', name: 'format("%999999999d")', files: () => ({ 'main.tf': sg('g', '  name = format("%999999999d", 1)\n') }), check: errorAt(/too large|limit|width/i) },
  { family: 'exhaustion', name: 'three nested for over range(1000)', files: () => ({ 'main.tf': `locals {\n  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]\n}\n${sg('g', '  name = "${length(local.x)}"\n')}` }), check: errorAt(/too large|limit/i) },
  { family: 'exhaustion', name: 'a list doubled 40 times with concat', files: () => ({ 'main.tf': `locals {\n  l0 = [1]\n${Array.from({ length: 40 }, (_x, i) => `  l${i + 1} = concat(local.l${i}, local.l${i})\n`).join('')}}\noutput "o" {\n  value = length(local.l40)\n}\n${sg('g', '  name = "x${length(local.l40)}"\n')}` }), check: errorAt(/too large|limit/i) },
  { family: 'exhaustion', name: 'count = 1e9', files: () => ({ 'main.tf': sg('g', '  count = 1000000000\n') }), check: errorAt(/too large|limit/i) },
  { family: 'exhaustion', name: '5 MB of nested quotes in one string', files: () => ({ 'main.tf': `locals {\n  x = "${'${"'.repeat(400_000)}"\n}\n` }) },
  { family: 'exhaustion', name: 'a 120 MB .tf file', files: () => ({ 'main.tf': `${sg('g', open22)}${'# padding padding padding padding padding padding padding padding padding padding\n'.repeat(1_500_000)}` }) },

  // ---- ReDoS and regex syntax Terraform rejects
  { family: 'redos', name: 'regex("(a+)+$") on a long non-matching string', files: () => ({ 'main.tf': sg('g', `  name = regex("(a+)+$", "${'a'.repeat(50_000)}!")\n`) }) },
  { family: 'redos', name: 'replace with a catastrophic pattern', files: () => ({ 'main.tf': sg('g', `  name = replace("${'a'.repeat(50_000)}!", "/(a|aa)+$/", "x")\n`) }) },
  { family: 'redos', name: 'lookbehind, which RE2 (Terraform) rejects', files: () => ({ 'main.tf': sg('g', '  name = regex("(?<=a)b", "ab")\n') }), check: errorAt(/./) },
  { family: 'redos', name: 'a backreference, which RE2 (Terraform) rejects', files: () => ({ 'main.tf': sg('g', '  name = regex("(a)\\\\1", "aa")\n') }), check: errorAt(/./) },

  // ---- deep nesting and recursion
  { family: 'depth', name: 'a template that templatefiles itself', files: () => ({ 'main.tf': sg('g', '  name = templatefile("${path.module}/t.tpl", {})\n'), 't.tpl': '${templatefile("t.tpl", {})}' }) },
  { family: 'depth', name: 'two modules calling each other', files: () => ({ 'main.tf': `module "a" {\n  source = "./a"\n}\n`, 'a/main.tf': 'module "b" {\n  source = "../b"\n}\n', 'b/main.tf': 'module "a" {\n  source = "../a"\n}\n' }) },
  { family: 'depth', name: 'a module calling itself', files: () => ({ 'main.tf': `module "m" {\n  source = "./m"\n}\n`, 'm/main.tf': `module "again" {\n  source = "./"\n}\n${sg('g')}` }) },
  { family: 'depth', name: 'a 100k-term sum', files: () => ({ 'main.tf': sg('g', `  name = ${Array(100_000).fill('1').join('+')}\n`) }) },
  { family: 'depth', name: '100k nested parentheses', files: () => ({ 'main.tf': sg('g', `  name = ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`) }) },
  { family: 'depth', name: '100k nested JSON arrays in a snapshot', files: () => ({ 's.json': `{"SecurityGroups": [${'['.repeat(100_000)}${']'.repeat(100_000)}]}` }) },
  { family: 'depth', name: '100k nested YAML sequences in a template', files: () => ({ 't.yaml': `Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` }) },

  // ---- path escapes: nothing outside the scanned folder is read or printed
  { family: 'path-escape', name: 'terraform.tfvars -> /proc/self/environ', env: { SGLINT_HOSTILE_TOKEN: SECRET }, files: () => ({ 'main.tf': `variable "x" {\n  type = string\n}\n${sg('g', '  name = var.x\n')}`, 'terraform.tfvars': { symlink: '/proc/self/environ' } }), check: (o) => need(!`${o.stdout}${o.stderr}`.includes(SECRET), 'the secret was printed') },
  { family: 'path-escape', name: 'zero.tf -> /dev/zero', files: () => ({ 'main.tf': sg('g'), 'zero.tf': { symlink: '/dev/zero' } }) },
  { family: 'path-escape', name: 'a template outside the repository through a symlink', env: { SGLINT_HOSTILE_TOKEN: SECRET }, files: () => ({ 'main.tf': sg('g', '  name = file("${path.module}/link")\n'), link: { symlink: '/proc/self/environ' } }), check: (o) => need(!`${o.stdout}${o.stderr}`.includes(SECRET), 'the secret was printed') },
  { family: 'path-escape', name: '.sglint.yml baseline outside the repository', env: { SGLINT_HOSTILE_TOKEN: SECRET }, files: () => ({ 'main.tf': sg('g'), '.sglint.yml': 'baseline: /proc/self/environ\n' }), check: (o) => need(!`${o.stdout}${o.stderr}`.includes(SECRET), 'the secret was printed') },
  { family: 'path-escape', name: 'a module source that climbs out of the repository', files: () => ({ 'main.tf': 'module "m" {\n  source = "../../../../../../../../etc"\n}\n' }) },

  // ---- code execution: a repository's custom rules do not run when told not to
  {
    family: 'code-execution', name: 'customRules with --no-custom-rules',
    files: () => ({ 'main.tf': sg('g'), '.sglint.yml': 'customRules: rules\n', 'rules/evil.js': `import fs from 'node:fs';\nfs.writeFileSync(new URL('../ran', import.meta.url), 'x');\nexport default [];\n` }),
    args: ['scan', '$DIR', '--format', 'json', '--no-custom-rules'],
    check: (_o, dir) => need(!existsSync(`${dir}/ran`), 'the custom rule ran'),
  },

  // ---- prototype keys: names that are JavaScript's own are plain names
  { family: 'prototype-keys', name: 'Terraform resources and keys named __proto__, constructor, toString', files: () => ({ 'main.tf': `${sg('__proto__', open22)}${sg('constructor', open22)}locals {\n  m = { "__proto__" = "a", toString = "b" }\n}\n${sg('toString', '  name = local.m["__proto__"]\n  description = lookup(local.m, "hasOwnProperty", "none")\n')}` }), check: (o) => need(o.json!.findings.filter((f) => f.ruleId === 'ssh-open-to-internet').length === 2, 'both open groups found') },
  { family: 'prototype-keys', name: 'CloudFormation resource __proto__ and !Ref toString', files: () => ({ 't.yaml': 'Resources:\n  __proto__:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !Ref toString\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n' }), check: (o) => need(o.json!.findings.some((f) => f.ruleId === 'ssh-open-to-internet') && has(o, /Ref to toString/) && !o.stdout.includes('native code'), 'the __proto__ group is scanned; Ref toString is an error') },
  { family: 'prototype-keys', name: 'snapshot ids and tag keys __proto__', files: () => ({ 's.json': snapshot([{ ...group('__proto__', [perm(22, 22)]), Tags: [{ Key: '__proto__', Value: 'x' }, { Key: 'constructor', Value: 'y' }] }]) }), check: (o) => need(o.json!.findings.some((f) => f.ruleId === 'ssh-open-to-internet'), 'the __proto__ group is scanned') },

  // ---- output injection: every format escapes names from the input
  ...(['text', 'markdown', 'github'] as const).map((format): HostileCase => ({
    family: 'output-injection', name: `names with escapes and workflow commands, --format ${format}`,
    files: () => ({ 's.json': snapshot([{ ...group('sg-\u001b[2J\n::error file=x::owned', [perm(22, 22)]), GroupName: '`</code><img src=x onerror=alert(1)>`', Description: '\r\n##[error]owned' }]) }),
    args: ['scan', '$DIR', '--format', format, '--fail-on', 'none'],
    check: (o) => {
      // eslint-disable-next-line no-control-regex -- looking for the raw escape
      need(!/\u001b\[2J/.test(o.stdout), 'a raw terminal escape');
      const commands = o.stdout.split('\n').filter((l) => /^\s*(::|##\[)/.test(l));
      need(commands.every((l) => format === 'github' && /^::(error|warning|notice) /.test(l) && !/^::error file=x::/.test(l)), `a workflow command from the data: ${commands.join(' | ')}`);
      if (format === 'markdown') need(!/<img/i.test(o.stdout.replace(/`[^`\n]*`/g, '')), 'raw HTML outside a code span');
    },
  })),

  // ---- malformed structure: an error at a place, the rest still read
  { family: 'malformed', name: 'cidrsubnet with a fractional bit count', files: () => ({ 'main.tf': sg('g', '  name = cidrsubnet("10.0.0.0/8", 1.5, 1)\n') }), check: errorAt(/./) },
  { family: 'malformed', name: 'CloudFormation Conditions: "x"', files: () => ({ 't.yaml': 'Conditions: "x"\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Condition: C\n    Properties:\n      GroupDescription: d\n' }) },
  { family: 'malformed', name: 'CloudFormation Resources is a list', files: () => ({ 't.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: [1, 2]\n' }), check: errorAt(/Resources/) },
  { family: 'malformed', name: 'a snapshot with a wrong-typed field: an error at its line, the rest scanned', files: () => ({ 's.json': JSON.stringify({ SecurityGroups: [group('sg-bad', [{ ...perm(22, 22), FromPort: 'twenty-two' }]), group('sg-good', [perm(22, 22)])], Vpcs: [], NetworkInterfaces: [] }, null, 1) }), check: (o) => need(has(o, /FromPort/) && (o.json?.diagnostics ?? []).some((d) => /FromPort/.test(d.message) && (d.line ?? 0) > 1) && o.json!.findings.some((f) => f.message.includes('sg-good')), 'an error naming FromPort at its line, sg-good still scanned') },
  { family: 'malformed', name: 'a plan whose resource_changes is a number', files: () => ({ 'plan.json': JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: 5, configuration: {} }) }) },
];
