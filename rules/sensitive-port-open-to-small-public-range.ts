import { cidrOf, defineRule, listShort, portsOpened, isPublicRange, protocolName, SENSITIVE_PORTS, sourceText } from '../src/checks/index.js';

export default defineRule({
  id: 'sensitive-port-open-to-small-public-range',
  severity: 'medium',
  title: 'A sensitive port open to a small public range (/25-/29)',
  description:
    'An ingress rule opens a database, cache or administration port (or SSH/RDP) to a small block of public addresses. That is often a hosting provider or a shared office range rather than a single trusted host. Unlike KICS, private ranges such as `10.68.0.0/26` are not reported: the range must be entirely public. IPv6 prefixes /57-/125 count as small ranges.',
  help: 'Allow the exact addresses (/32) of the hosts that need access, or reach the service through a VPN or bastion group.',
  compliance: { pci: ['1.3.1', '1.4.1'], nist: ['AC-4', 'SC-7'] },
  options: { ports: [22, 3389, ...SENSITIVE_PORTS] },
  examples: {
    bad: 'ingress {\n  from_port   = 3306\n  to_port     = 3306\n  protocol    = "tcp"\n  cidr_blocks = ["203.0.113.0/27"]\n}',
    good: 'ingress {\n  from_port   = 3306\n  to_port     = 3306\n  protocol    = "tcp"\n  cidr_blocks = ["203.0.113.10/32"]\n}',
  },
  check(ctx) {
    const ports = [...new Set(ctx.options.ports)].sort((a, b) => a - b);
    for (const group of ctx.groups) {
      for (const rule of group.rules) {
        if (rule.direction !== 'ingress' || rule.action !== 'allow') continue;
        const c = cidrOf(rule);
        if (!c || !isPublicRange(c)) continue;
        const small = c.family === 4 ? c.prefix >= 25 && c.prefix <= 29 : c.prefix >= 57 && c.prefix <= 125;
        if (!small) continue;
        const open = portsOpened(rule, ports);
        if (open.length === 0) continue;
        const shown = listShort(open);
        ctx.report({ at: rule, message: `${group.address} opens sensitive ${rule.protocol === -1 ? 'tcp/udp' : protocolName(rule.protocol)} port${open.length > 1 ? 's' : ''} ${shown} to ${sourceText(rule)}, a public range of ${c.family === 4 ? 2 ** (32 - c.prefix) : `2^${128 - c.prefix}`} addresses` });
      }
    }
  },
});
