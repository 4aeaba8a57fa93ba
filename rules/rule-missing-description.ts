import { defineRule, isWritten } from '../src/checks/index.js';

export default defineRule({
  id: 'rule-missing-description',
  severity: 'low',
  title: 'A security group rule has no description',
  description:
    'A rule without a description ("why is 8443 open to this range?") is hard to review and impossible to clean up safely later. Checkov CKV_AWS_23 and Trivy AWS-0124 require one. Off in `recommended`, on in `strict` and the PCI preset.',
  help: 'Add `description = "..."` to each `ingress`/`egress` block or rule resource, naming the client and the reason.',
  compliance: { pci: ['1.2.7'], nist: ['CM-8'] },
  recommended: false,
  examples: {
    bad: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
    good: 'ingress {\n  description = "HTTPS from the VPC (internal clients)"\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      const seen = new Set<string>();
      for (const r of g.rules) {
        const d = r.description?.trim() ?? '';
        const where = `${r.origin.file}:${r.origin.line}:${r.origin.column}`;
        if (!isWritten(r) || (d !== '' && d !== 'Managed by Terraform') || seen.has(where)) continue;
        seen.add(where);
        ctx.report({ at: r, message: `this ${r.direction} rule of ${g.address} has no description` });
      }
    }
  },
});
