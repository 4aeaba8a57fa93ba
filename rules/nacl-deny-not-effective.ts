import { defineRule, entrySet, fullyDecided, naclDecisions, trafficOf } from '../src/checks/index.js';

export default defineRule({
  id: 'nacl-deny-not-effective',
  severity: 'medium',
  title: 'A network ACL deny entry never takes effect',
  description:
    'NACL entries are evaluated by rule number and the first match wins. This deny entry is fully covered by entries with lower numbers, at least one of which allows the traffic, so the deny never blocks anything — usually a block list added after a broad allow. (KICS\'s CloudFormation `ec2_network_acl_ineffective_denied_traffic`, done for every input.)',
  help: 'Give the deny a lower rule number than the allow it is meant to carve out of.',
  compliance: { pci: ['1.2.1', '1.3.1'], nist: ['SC-7', 'CM-6'] },
  examples: {
    bad: 'ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "-1"\n  cidr_block = "0.0.0.0/0"\n  from_port  = 0\n  to_port    = 0\n}\ningress {\n  rule_no    = 200\n  action     = "deny"\n  protocol   = "tcp"\n  cidr_block = "198.51.100.0/24"\n  from_port  = 22\n  to_port    = 22\n}',
    good: 'ingress {\n  rule_no    = 50\n  action     = "deny"\n  protocol   = "tcp"\n  cidr_block = "198.51.100.0/24"\n  from_port  = 22\n  to_port    = 22\n}',
  },
  check(ctx) {
    for (const nacl of ctx.network.nacls) {
      for (const entry of nacl.entries) {
        if (entry.action !== 'deny' || entry.unknowns.length || entry.ruleNumber >= 32767) continue;
        const own = entrySet(nacl, entry);
        if (!own) continue;
        const steps = naclDecisions(nacl, entry.egress, own.family, trafficOf(entry), own.set, entry);
        const allows = steps.filter((s) => s.entry.action === 'allow');
        if (!fullyDecided(own.set, steps) || allows.length === 0) continue;
        ctx.report({ at: entry.origin, resource: nacl.address, key: `${entry.egress}/${entry.ruleNumber}`, targets: nacl.subnetIds, message: `${nacl.address} deny entry ${entry.ruleNumber} (${entry.cidr}) never takes effect: entr${allows.length > 1 ? 'ies' : 'y'} ${allows.map((s) => s.entry.ruleNumber).join(', ')} allow${allows.length > 1 ? '' : 's'} the same traffic first` });
      }
    }
  },
});
