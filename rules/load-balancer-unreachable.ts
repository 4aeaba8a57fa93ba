import { defineRule, explain } from '../src/checks/index.js';

export default defineRule({
  id: 'load-balancer-unreachable',
  severity: 'medium',
  title: 'An internet-facing load balancer\'s listener cannot be reached from the internet',
  description:
    'The load balancer is internet-facing and listens on a port, but the solver finds that port unreachable from the internet: its security groups have no matching inbound rule, a NACL blocks it, or its subnets have no route to an internet gateway. Either the service is broken, or someone will "fix" it with a wider rule than needed. (KICS\'s CloudFormation `elb_with_security_group_without_inbound_rules`, computed through every layer.)',
  help: 'Allow the listener port from the clients that should reach it in the load balancer\'s group, and check the subnets\' route tables and NACLs — or make the load balancer internal.',
  compliance: { nist: ['SC-7', 'CP-2'] },
  examples: {
    bad: 'resource "aws_lb" "front" {\n  internal        = false\n  security_groups = [aws_security_group.lb.id] # no ingress on 443\n  subnets         = aws_subnet.public[*].id\n}',
    good: 'resource "aws_security_group_rule" "lb_https" {\n  type              = "ingress"\n  security_group_id = aws_security_group.lb.id\n  from_port         = 443\n  to_port           = 443\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}',
  },
  check(ctx) {
    for (const lb of ctx.endpoints) {
      if (lb.kind !== 'load-balancer' || !lb.internetFacing || lb.unknowns.length || !lb.listeners?.length) continue;
      const x = ctx.exposure(lb);
      for (const l of lb.listeners) {
        const proto = l.protocol.toUpperCase() === 'UDP' ? 'udp' : 'tcp';
        if (x.internet[proto].has(l.port) || x.internet6[proto].has(l.port)) continue;
        const why = explain(ctx.solution, { target: lb.id, direct: true, proto, port: l.port });
        const reason = 'error' in why ? why.error : (why.hops[0]?.steps.find((s) => s.verdict === 'block')?.detail ?? 'another layer blocks it');
        ctx.report({ at: lb.origin, resource: lb.address, targets: [lb.id], key: `${proto}/${l.port}`, message: `${lb.address} listens on ${proto}/${l.port} but the internet cannot reach it: ${reason}` });
      }
    }
  },
});
