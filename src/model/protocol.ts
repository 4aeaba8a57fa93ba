/**
 * Protocol and port normalisation shared by every AWS input (Terraform, plan, CloudFormation, CLI).
 * AWS: "-1" (Terraform also "all") is every protocol and every port; a protocol other than
 * tcp/udp/icmp/icmpv6 carries no ports, so any given range is ignored; for ICMP from/to are
 * type/code with -1 = any. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
 */
const NAMES: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, '-1': -1, all: -1 };

export function parseProtocol(p: string | number): number | null {
  const text = String(p).trim().toLowerCase();
  if (text in NAMES) return NAMES[text]!;
  if (/^\d+$/.test(text) && Number(text) <= 255) return Number(text);
  return null;
}

export const protocolName = (p: number): string =>
  p === -1 ? 'all' : p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 ? 'icmp' : p === 58 ? 'icmpv6' : `protocol ${p}`;

export const hasPorts = (p: number): boolean => p === 6 || p === 17;
export const isIcmp = (p: number): boolean => p === 1 || p === 58;

export interface NormalisedPorts {
  ports: { from: number; to: number } | null;
  icmp?: { type: number; code: number };
  /** A problem AWS would reject or that changes the meaning, for a diagnostic. */
  problem?: string;
  /** AWS rejects the rule (ports out of range, or reversed): it never exists, so it opens nothing. */
  rejected?: boolean;
}

/** Ports of a rule: null means all ports. */
export function normalisePorts(protocol: number, from: number | null, to: number | null): NormalisedPorts {
  if (isIcmp(protocol)) return { ports: null, icmp: { type: from ?? -1, code: to ?? -1 } };
  if (!hasPorts(protocol)) return { ports: null };
  if (from === null && to === null) return { ports: null };
  const lo = from ?? to!;
  const hi = to ?? from!;
  if (lo === -1 || hi === -1) return { ports: null, problem: 'a port of -1 with tcp/udp means all ports' };
  if (lo < 0 || hi > 65535 || lo > 65535 || hi < 0) return { ports: null, rejected: true, problem: `ports ${lo}-${hi} are outside 0-65535; AWS rejects this rule, so it opens nothing` };
  if (lo > hi) return { ports: null, rejected: true, problem: `from_port ${lo} is greater than to_port ${hi}; AWS rejects this rule, so it opens nothing` };
  return { ports: { from: lo, to: hi } };
}
