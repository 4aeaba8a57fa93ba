import { defineRule, isRunning } from '../src/checks/index.js';

export default defineRule({
  id: 'peer-tier-all-ports',
  severity: 'medium',
  title: 'Every port open to another tier',
  description:
    'An ingress rule lets the members of another security group reach every port (protocol -1, or 0-65535) of running endpoints. Tiers should talk on the ports they serve; all-ports access lets one compromised tier reach every service, agent and admin port of the next, which is how lateral movement spreads. A group allowing itself (`self = true`) is not reported: that is cluster membership.',
  help: 'Replace the rule with one per service port, e.g. `from_port = 8080, to_port = 8080, security_groups = [aws_security_group.web.id]`.',
  compliance: { pci: ['1.2.1', '1.3.1'], nist: ['AC-4', 'CM-7'] },
  examples: {
    bad: 'ingress {\n  from_port       = 0\n  to_port         = 0\n  protocol        = "-1"\n  security_groups = [aws_security_group.web.id]\n}',
    good: 'ingress {\n  from_port       = 8080\n  to_port         = 8080\n  protocol        = "tcp"\n  security_groups = [aws_security_group.web.id]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      const members = ctx.membersOf(group.id).filter(isRunning);
      // A group outside the input (a placeholder, a literal id) may have members sglint never saw.
      if (members.length === 0 && !group.external) continue;
      for (const r of group.rules) {
        if (r.direction !== 'ingress' || r.action !== 'allow' || r.peer.kind !== 'group' || r.peer.groupId === group.id) continue;
        const everyPort = r.protocol === -1 || ((r.protocol === 6 || r.protocol === 17) && (r.ports === null || (r.ports.from <= 1 && r.ports.to === 65535)));
        if (!everyPort) continue;
        const peer = ctx.group(r.peer.groupId)?.address ?? r.peer.groupId;
        const what = r.protocol === -1 ? 'all traffic' : `every ${r.protocol === 6 ? 'TCP' : 'UDP'} port`;
        const exposed = members.length === 0 ? 'its members are outside the scanned input and may expose every service to that tier' : `${members.length} endpoint${members.length === 1 ? '' : 's'} (${members.slice(0, 2).map((e) => e.id).join(', ')}${members.length > 2 ? ', ...' : ''}) expose every service to that tier`;
        ctx.report({ at: r, targets: members.map((e) => e.id), message: `${group.address} allows ${what} from the members of ${peer}; ${exposed}` });
      }
    }
  },
});
