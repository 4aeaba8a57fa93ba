import { defineRule, formatPortSet } from '../src/checks/index.js';

export default defineRule({
  id: 'instance-public-ip',
  severity: 'medium',
  title: 'An instance, launch template or database gets a public IP address',
  description:
    'The resource is given a public IPv4 address — explicitly (`associate_public_ip_address`, an Elastic IP, `publicly_accessible`) or through its subnet\'s `map_public_ip_on_launch`. A public address is what makes every other mistake reachable from the internet (Security Hub EC2.9, RDS.2, Checkov CKV_AWS_88, Trivy AWS-0009). The message says what the solver finds reachable through it today.',
  help: 'Put the resource in a private subnet behind a load balancer or NAT gateway, and set `associate_public_ip_address = false`.',
  compliance: { fsbp: ['EC2.9', 'EC2.25', 'RDS.2'], pci: ['1.4.4'], nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'resource "aws_instance" "app" {\n  ami                         = var.ami\n  instance_type               = "t3.micro"\n  subnet_id                   = aws_subnet.public.id\n  associate_public_ip_address = true\n}',
    good: 'resource "aws_instance" "app" {\n  ami                         = var.ami\n  instance_type               = "t3.micro"\n  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = false\n}',
  },
  check(ctx) {
    for (const e of ctx.endpoints) {
      if (e.publicIp !== true || !['instance', 'launch-template', 'network-interface', 'database', 'autoscaling-group'].includes(e.kind)) continue;
      if (e.kind === 'network-interface' && e.attachedTo) continue; // reported on the instance
      const x = ctx.exposure(e);
      // Unknown subnet, route or source: what is computed is only what *may* be reachable.
      const reach = e.kind === 'launch-template' ? '' : reachable(x.internet, x.may.length > 0);
      ctx.report({ at: e.origin, resource: e.address, targets: [e.id], message: `${e.address} gets a public IP address${reach}` });
    }
  },
});

function reachable(t: { tcp: Parameters<typeof formatPortSet>[0]; udp: Parameters<typeof formatPortSet>[0]; isEmpty(): boolean }, may: boolean): string {
  if (t.isEmpty()) return '; nothing is reachable through it today, but one rule change makes it so';
  const parts = [t.tcp.isEmpty() ? '' : `tcp ${formatPortSet(t.tcp)}`, t.udp.isEmpty() ? '' : `udp ${formatPortSet(t.udp)}`].filter(Boolean);
  return `; ${may ? 'may be reachable' : 'reachable'} from the internet on ${parts.join(', ') || 'ICMP or other protocols'}`;
}
