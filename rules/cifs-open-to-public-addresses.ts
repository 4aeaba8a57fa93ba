import { defineRule, hasPublicSource, protocolName, ruleText } from '../src/checks/index.js';

export default defineRule({
  id: 'cifs-open-to-public-addresses',
  severity: 'high',
  title: 'CIFS/SMB (139, 445) reachable from public addresses',
  description:
    'An ingress rule lets public addresses reach NetBIOS session (139/tcp) or SMB (445/tcp), from any public range, not only 0.0.0.0/0 (CIS AWS Foundations "CIFS access restricted to trusted networks"). SMB on the internet is the classic ransomware and worm entry point.',
  help: 'Allow CIFS only from private ranges or client groups; file shares belong behind a VPN or AWS Transfer Family.',
  compliance: { cis: ['5.1.2'], pci: ['1.3.1'], nist: ['SC-7', 'CM-7'] },
  options: { ports: [139, 445] },
  examples: {
    bad: 'ingress {\n  from_port   = 445\n  to_port     = 445\n  protocol    = "tcp"\n  cidr_blocks = ["198.51.100.0/24"]\n}',
    good: 'ingress {\n  from_port   = 445\n  to_port     = 445\n  protocol    = "tcp"\n  cidr_blocks = ["10.20.0.0/24"]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      for (const rule of group.rules) {
        if (rule.direction !== 'ingress' || rule.action !== 'allow' || (rule.peer.kind !== 'cidr4' && rule.peer.kind !== 'cidr6') || !hasPublicSource(rule)) continue;
        if (rule.protocol !== 6 && rule.protocol !== -1) continue;
        const open = ctx.options.ports.filter((p) => rule.ports === null || (rule.ports.from <= p && p <= rule.ports.to));
        if (open.length === 0) continue;
        ctx.report({ at: rule, message: `${group.address}: ${ruleText(rule)} lets public addresses reach ${protocolName(6)} ${open.join(', ')} (CIFS/SMB)` });
      }
    }
  },
});
