import { defineRule, entrySet, fullyDecided, naclDecisions, trafficOf } from '../src/checks/index.js';

export default defineRule({
  id: 'nacl-entry-redundant',
  severity: 'low',
  title: 'A network ACL entry is shadowed by earlier entries',
  description:
    'Every packet this entry matches is already decided by entries with lower rule numbers: an allow after a broader allow, a duplicate, or an allow hidden behind a deny (the allow then never takes effect). Shadowed entries use up the 20-entry quota and mislead readers. A deny hidden behind an allow is reported by `nacl-deny-not-effective` instead.',
  help: 'Delete the entry, or renumber it if it was meant to take precedence.',
  compliance: { nist: ['CM-6', 'CM-7'] },
  examples: {
    bad: 'ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "tcp"\n  cidr_block = "10.0.0.0/8"\n  from_port  = 0\n  to_port    = 65535\n}\ningress {\n  rule_no    = 110\n  action     = "allow"\n  protocol   = "tcp"\n  cidr_block = "10.1.0.0/16"\n  from_port  = 443\n  to_port    = 443\n}',
    good: 'ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "tcp"\n  cidr_block = "10.0.0.0/8"\n  from_port  = 0\n  to_port    = 65535\n}',
  },
  check(ctx) {
    for (const nacl of ctx.network.nacls) {
      for (const entry of nacl.entries) {
        if (entry.unknowns.length || entry.ruleNumber >= 32767) continue;
        const own = entrySet(nacl, entry);
        if (!own) continue;
        const steps = naclDecisions(nacl, entry.egress, own.family, trafficOf(entry), own.set, entry);
        if (steps.length === 0 || !fullyDecided(own.set, steps)) continue;
        if (entry.action === 'deny' && steps.some((s) => s.entry.action === 'allow')) continue;
        const by = steps.map((s) => `${s.entry.ruleNumber} (${s.entry.action})`).join(', ');
        const effect = entry.action === 'allow' && steps.some((s) => s.entry.action === 'deny') ? 'it never allows anything' : 'it changes nothing';
        ctx.report({ at: entry.origin, resource: nacl.address, key: `${entry.egress}/${entry.ruleNumber}`, targets: nacl.subnetIds, message: `${nacl.address} ${entry.egress ? 'outbound' : 'inbound'} entry ${entry.ruleNumber} is shadowed by entr${steps.length > 1 ? 'ies' : 'y'} ${by}: ${effect}` });
      }
    }
  },
});
