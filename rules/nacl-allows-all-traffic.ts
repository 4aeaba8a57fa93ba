import { defineRule, entrySet, naclDecisions, publicSpace, Traffic } from '../src/checks/index.js';

export default defineRule({
  id: 'nacl-allows-all-traffic',
  severity: 'medium',
  title: 'A custom network ACL allows all protocols from public addresses',
  description:
    'An inbound allow entry of a custom (non-default) NACL matches every protocol and port from a range that includes public addresses, and earlier entries do not deny all of it: the NACL adds no protection. Deny entries are never reported (Checkov CKV_AWS_352 and old Trivy AWS-0102 flagged them). The default NACL allows everything by design and is left to the security groups.',
  help: 'List the protocols and ports the subnet serves (and the ephemeral range for replies) instead of `protocol = "-1"`.',
  compliance: { pci: ['1.3.1', '1.3.2'], nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "-1"\n  from_port  = 0\n  to_port    = 0\n  cidr_block = "0.0.0.0/0"\n}',
    good: 'ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "tcp"\n  from_port  = 443\n  to_port    = 443\n  cidr_block = "0.0.0.0/0"\n}',
  },
  check(ctx) {
    for (const nacl of ctx.network.nacls) {
      if (nacl.isDefault) continue;
      for (const entry of nacl.entries) {
        if (entry.egress || entry.action !== 'allow' || entry.protocol !== -1 || entry.unknowns.length) continue;
        const own = entrySet(nacl, entry);
        if (!own) continue;
        const pub = (own.set as ReturnType<typeof publicSpace>).intersect(publicSpace(own.family) as never);
        if (pub.isEmpty()) continue;
        const steps = naclDecisions(nacl, false, own.family, Traffic.ALL, pub as never);
        if (!steps.some((s) => s.entry === entry)) continue;
        ctx.report({ at: entry.origin, resource: nacl.address, key: `${entry.ruleNumber}/${entry.cidr}`, targets: nacl.subnetIds, message: `${nacl.address} entry ${entry.ruleNumber} allows every protocol and port from ${entry.cidr}` });
      }
    }
  },
});
