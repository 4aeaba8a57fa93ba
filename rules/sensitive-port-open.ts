import { defineRule, opensPort, protocolName, SENSITIVE_PORTS, sourceText, worldOpenRules, type Rule } from '../src/checks/index.js';

const DEFAULT_PORTS = SENSITIVE_PORTS;

export default defineRule({
  id: 'sensitive-port-open',
  severity: 'high',
  title: 'A sensitive port (database, cache, admin, file sharing) open to the whole internet',
  description:
    'An ingress rule opens a port from a list of high-risk services (databases, caches, message brokers, remote administration, file sharing, container APIs) to every public address, over TCP or UDP. The list is the union of Security Hub EC2.19, AWS Config and the other scanners\' lists; set `options.ports` to your own. SSH and RDP have dedicated rules; a rule opening every port is reported by `all-ports-open-to-internet` instead.',
  help: 'Put the service in a private subnet and allow it only from the groups of its clients (`security_groups = [aws_security_group.app.id]`).',
  compliance: { fsbp: ['EC2.19'], pci: ['1.3.1', '1.4.1'], nist: ['AC-4', 'SC-7', 'CM-7'], huawei: ['vpc-sg-restricted-common-ports'] },
  options: { ports: DEFAULT_PORTS },
  examples: {
    bad: 'ingress {\n  from_port   = 5432\n  to_port     = 5432\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n  security_groups = [aws_security_group.app.id]\n}',
  },
  check(ctx) {
    const ports = [...new Set(ctx.options.ports)].sort((a, b) => a - b);
    for (const group of ctx.groups) {
      for (const proto of [6, 17]) {
        const byRule = new Map<string, { rule: Rule; family: number; ports: number[] }>();
        for (const port of ports) {
          for (const { rule, family } of worldOpenRules(group, 'ingress', (r) => opensPort(r, proto, port))) {
            const entry = byRule.get(rule.key) ?? byRule.set(rule.key, { rule, family, ports: [] }).get(rule.key)!;
            entry.ports.push(port);
          }
        }
        for (const [key, { rule, family, ports: open }] of byRule) {
          const shown = open.length > 6 ? `${open.slice(0, 6).join(', ')} and ${open.length - 6} more` : open.join(', ');
          ctx.report({ at: rule, key: `${key}/${proto}`, message: `${group.address} opens sensitive ${protocolName(proto)} port${open.length > 1 ? 's' : ''} ${shown} to ${sourceText(rule)}: the whole IPv${family} internet` });
        }
      }
    }
  },
});
