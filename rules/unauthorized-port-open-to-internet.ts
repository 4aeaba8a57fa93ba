import { defineRule, isAllPorts, protocolName, sourceText, worldOpenRules } from '../src/checks/index.js';

export default defineRule({
  id: 'unauthorized-port-open-to-internet',
  severity: 'medium',
  title: 'A port outside the authorized list is open to the whole internet',
  description:
    'An ingress rule opens a TCP or UDP port to every public address, and that port is not on the list of ports meant to be public (by default 80 and 443, as in Security Hub EC2.18 / AWS Config `vpc-sg-open-only-to-authorized-ports`). SSH and RDP rules and rules that open every port have their own, more severe rules and are not repeated here.',
  help: 'Narrow the source to the clients that need the port, put the service behind a load balancer, or add the port to `options.authorizedTcpPorts` if it is meant to be public.',
  compliance: { fsbp: ['EC2.18'], pci: ['1.3.1'], nist: ['AC-4', 'CM-7', 'SC-7'], huawei: ['vpc-sg-by-white-list-ports-check'] },
  options: { authorizedTcpPorts: [80, 443], authorizedUdpPorts: [] as number[] },
  examples: {
    bad: 'ingress {\n  from_port   = 8080\n  to_port     = 8080\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
  },
  check(ctx) {
    const allowed = { 6: new Set(ctx.options.authorizedTcpPorts), 17: new Set(ctx.options.authorizedUdpPorts) } as Record<number, Set<number>>;
    for (const group of ctx.groups) {
      const hits = worldOpenRules(group, 'ingress', (r) => (r.protocol === 6 || r.protocol === 17) && r.ports !== null && !isAllPorts(r));
      for (const { rule, family } of hits) {
        const { from, to } = rule.ports!;
        if (from === to && (from === 22 || from === 3389)) continue; // ssh/rdp rules
        const ok = allowed[rule.protocol]!;
        let outside = 0;
        const sample: number[] = [];
        for (let p = from; p <= to && sample.length < 4; p++) if (!ok.has(p)) sample.push(p);
        // Count without enumerating the range: its size minus the authorized ports inside it.
        outside = to - from + 1 - [...ok].filter((p) => p >= from && p <= to).length;
        if (outside === 0) continue;
        const shown = outside > sample.length ? `${sample.join(', ')} and ${outside - sample.length} more` : sample.join(', ');
        ctx.report({ at: rule, message: `${group.address} opens ${protocolName(rule.protocol)} ${shown} to ${sourceText(rule)} (the whole IPv${family} internet); only ${[...ok].join(', ') || 'no ports'} are authorized to be public` });
      }
    }
  },
});
