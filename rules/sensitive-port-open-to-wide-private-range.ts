import { cidrOf, defineRule, listShort, portsOpened, isPrivateRange, protocolName, SENSITIVE_PORTS, sourceText } from '../src/checks/index.js';

export default defineRule({
  id: 'sensitive-port-open-to-wide-private-range',
  severity: 'low',
  title: 'A sensitive port open to a wide private range',
  description:
    'An ingress rule opens a database, cache or administration port to a large private block (by default /16 or wider, such as `10.0.0.0/8`): every workload in every peered network and VPN can reach it, which lets an attacker move laterally from any foothold. Narrow ranges and group references are the fix, not a finding.',
  help: 'Reference the client tier\'s security group instead of a CIDR, or narrow the range to the subnets that hold the clients.',
  compliance: { pci: ['1.3.1', '1.4.2'], nist: ['AC-4', 'SC-7(5)'] },
  options: { ports: [22, 3389, ...SENSITIVE_PORTS], widestPrefix: 16 },
  recommended: false,
  examples: {
    bad: 'ingress {\n  from_port   = 5432\n  to_port     = 5432\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/8"]\n}',
    good: 'ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n  security_groups = [aws_security_group.app.id]\n}',
  },
  check(ctx) {
    const ports = [...new Set(ctx.options.ports)].sort((a, b) => a - b);
    for (const group of ctx.groups) {
      for (const rule of group.rules) {
        if (rule.direction !== 'ingress' || rule.action !== 'allow') continue;
        const c = cidrOf(rule);
        if (!c || !isPrivateRange(c) || c.prefix > (c.family === 4 ? ctx.options.widestPrefix : ctx.options.widestPrefix + 32)) continue;
        const open = portsOpened(rule, ports);
        if (open.length === 0) continue;
        const shown = listShort(open);
        ctx.report({ at: rule, message: `${group.address} opens sensitive ${rule.protocol === -1 ? 'tcp/udp' : protocolName(rule.protocol)} port${open.length > 1 ? 's' : ''} ${shown} to ${sourceText(rule)}, a private range of /${c.prefix}: every host in it can reach the service` });
      }
    }
  },
});
