import { defineRule, isAllPorts, ruleText } from '../src/checks/index.js';

export default defineRule({
  id: 'large-port-range',
  severity: 'low',
  title: 'An ingress rule opens a large port range',
  description:
    'An ingress rule opens more than `maxPorts` TCP or UDP ports at once (by default 100) without opening them all. Large ranges are usually a shortcut ("1024-65535") that exposes every service that happens to listen, now or later. Rules that open every port are reported by `all-ports-open-to-internet` and `peer-tier-all-ports`.',
  help: 'List the ports the service listens on; a range only when the protocol needs one (passive FTP, media), kept as narrow as possible.',
  compliance: { pci: ['1.2.5', '1.3.1'], nist: ['CM-7'] },
  options: { maxPorts: 100 },
  examples: {
    bad: 'ingress {\n  from_port   = 1024\n  to_port     = 65535\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
    good: 'ingress {\n  from_port   = 8443\n  to_port     = 8443\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      const seen = new Set<string>();
      for (const r of g.rules) {
        if (r.direction !== 'ingress' || r.action !== 'allow' || !r.ports || (r.protocol !== 6 && r.protocol !== 17) || isAllPorts(r)) continue;
        const size = r.ports.to - r.ports.from + 1;
        const where = `${r.origin.file}:${r.origin.line}:${r.origin.column}/${r.ports.from}-${r.ports.to}/${r.protocol}`;
        if (size <= ctx.options.maxPorts || seen.has(where)) continue;
        seen.add(where);
        ctx.report({ at: r, key: `${r.ports.from}-${r.ports.to}/${r.protocol}`, message: `${g.address}: ${ruleText(r)} opens ${size} ports` });
      }
    }
  },
});
