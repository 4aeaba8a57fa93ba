import { defineRule, entrySet, naclDecisions, publicSpace, Traffic, portRange } from '../src/checks/index.js';

export default defineRule({
  id: 'nacl-admin-port-open-to-internet',
  severity: 'medium',
  title: 'A network ACL lets the whole internet reach a remote administration port',
  description:
    'A NACL inbound entry allows a remote administration or file transfer port (SSH 22, RDP 3389, FTP 20/21; CIS names 22 and 3389, Checkov CKV_AWS_229-232 adds FTP) over TCP or UDP from every public address, and no earlier entry (by rule number) denies it first. Entries are evaluated in order as AWS does, so a deny before the allow passes, a deny entry is never reported (Trivy #3283, KICS), UDP counts (Trivy misses it), and a range starting at 0 counts (Checkov skips it).',
  help: 'Allow administration ports only from known ranges in the NACL, or add a deny entry with a lower rule number, and rely on security groups for per-instance access.',
  compliance: { cis: ['5.2'], fsbp: ['EC2.21'], pci: ['1.3.1'], nist: ['AC-4', 'SC-7'] },
  options: { ports: [20, 21, 22, 3389] },
  examples: {
    bad: 'ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "tcp"\n  from_port  = 0\n  to_port    = 65535\n  cidr_block = "0.0.0.0/0"\n}',
    good: 'ingress {\n  rule_no    = 90\n  action     = "deny"\n  protocol   = "tcp"\n  from_port  = 22\n  to_port    = 22\n  cidr_block = "0.0.0.0/0"\n}',
  },
  check(ctx) {
    for (const nacl of ctx.network.nacls) {
      const hits = new Map<string, { entry: (typeof nacl.entries)[number]; what: string[] }>();
      for (const port of ctx.options.ports) {
        for (const proto of ['tcp', 'udp'] as const) {
          for (const family of [4, 6] as const) {
            const all = publicSpace(family);
            for (const step of naclDecisions(nacl, false, family, Traffic.ports(proto, portRange(port, port)))) {
              if (step.entry.action !== 'allow') continue;
              // Reported when the allowing entry itself covers the whole public space.
              const own = entrySet(nacl, step.entry);
              if (!own || !(own.set as typeof all).covers(all as never)) continue;
              const key = `${step.entry.ruleNumber}/${step.entry.egress}/${step.entry.cidr}`;
              const hit = hits.get(key) ?? hits.set(key, { entry: step.entry, what: [] }).get(key)!;
              hit.what.push(`${proto}/${port}`);
            }
          }
        }
      }
      for (const { entry, what } of hits.values()) {
        ctx.report({ at: entry.origin, resource: nacl.address, key: `${entry.ruleNumber}/${entry.cidr}`, targets: nacl.subnetIds, message: `${nacl.address} entry ${entry.ruleNumber} allows ${[...new Set(what)].join(', ')} from ${entry.cidr} (every public address) and no earlier entry denies it` });
      }
    }
  },
});
