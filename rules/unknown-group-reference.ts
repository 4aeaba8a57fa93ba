import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'unknown-group-reference',
  severity: 'medium',
  title: 'A rule or resource names a security group that is not in the input',
  description:
    'A rule references a group id, or a resource attaches one, that is not defined in what was scanned (a literal `sg-...`, a data source, a group from another stack). Its rules and members are unknown, so what this rule allows is unknown too: the endpoint may be exposed. A typo in a literal id is a common cause; so is a group deleted in another stack.',
  help: 'Scan the stack that defines the group together with this one, or reference it through a resource or module output instead of a literal id.',
  compliance: { nist: ['CM-8', 'SC-7'] },
  examples: {
    bad: 'ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n  security_groups = ["sg-0123456789abcdef0"]\n}',
    good: 'ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n  security_groups = [aws_security_group.app.id]\n}',
  },
  check(ctx) {
    const unknown = (id: string): boolean => {
      const g = ctx.group(id);
      // A placeholder is a group whose id is not known statically (a variable): unknown, not missing.
      return !g || (!!g.external && !g.placeholder);
    };
    for (const g of ctx.groups) {
      if (g.external) continue;
      for (const r of g.rules) {
        if (r.peer.kind === 'group' && unknown(r.peer.groupId)) ctx.report({ at: r, key: r.peer.groupId, message: `${g.address} references ${r.peer.groupId}, which is not in the scanned input; what it allows cannot be checked` });
      }
    }
    for (const e of ctx.endpoints) {
      for (const id of e.groupIds) if (unknown(id)) ctx.report({ at: e.origin, resource: e.address, targets: [e.id], key: id, message: `${e.address} is attached to ${id}, which is not in the scanned input; its exposure may be wider than reported` });
    }
  },
});
