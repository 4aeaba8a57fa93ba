import { defineRule, ruleText, type Rule } from '../src/checks/index.js';

export default defineRule({
  id: 'overlapping-rules',
  severity: 'low',
  title: 'Two rules of a group overlap and could be one',
  description:
    'Two allow rules of the same group and direction name the same source and protocol with port ranges that overlap or touch, without one containing the other (for example 8000-8100 and 8050-8200). Each counts against the rule quota, and a later edit to one of them leaves the other still open. Contained rules are reported by `redundant-rule`.',
  help: 'Merge them into one rule with the combined range.',
  compliance: { nist: ['CM-6'] },
  recommended: false,
  examples: {
    bad: 'ingress {\n  from_port   = 8000\n  to_port     = 8100\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}\ningress {\n  from_port   = 8050\n  to_port     = 8200\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
    good: 'ingress {\n  from_port   = 8000\n  to_port     = 8200\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      const byShape = new Map<string, Rule[]>();
      for (const r of g.rules) {
        if (r.action !== 'allow' || !r.ports || (r.protocol !== 6 && r.protocol !== 17) || r.unknowns.length) continue;
        const peer = r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? r.peer.cidr : r.peer.kind === 'group' ? r.peer.groupId : r.peer.kind === 'prefixList' ? r.peer.id : '?';
        const k = `${r.direction}/${r.protocol}/${r.priority}/${peer}`;
        (byShape.get(k) ?? byShape.set(k, []).get(k)!).push(r);
      }
      for (const rules of byShape.values()) {
        rules.sort((a, b) => a.ports!.from - b.ports!.from || a.ports!.to - b.ports!.to);
        for (let i = 1; i < rules.length; i++) {
          const a = rules[i - 1]!;
          const b = rules[i]!;
          const touch = b.ports!.from <= a.ports!.to + 1;
          const contained = (b.ports!.from >= a.ports!.from && b.ports!.to <= a.ports!.to) || (a.ports!.from >= b.ports!.from && a.ports!.to <= b.ports!.to);
          if (touch && !contained) ctx.report({ at: b, key: a.key, message: `${g.address}: "${ruleText(b)}" overlaps or adjoins "${ruleText(a)}" (${a.origin.file}:${a.origin.line}); merge them` });
        }
      }
    }
  },
});
