import { defineRule, parseCidr } from '../src/checks/index.js';

export default defineRule({
  id: 'peering-route-to-internet',
  severity: 'medium',
  title: 'A default route (0.0.0.0/0 or ::/0) points at a VPC peering connection',
  description:
    'A route table sends all traffic without a more specific route to a peering connection. Peering routes should name only the peer\'s CIDRs ("least access", CIS AWS Foundations); a default route through a peer hands every destination to another account\'s network (Checkov CKV2_AWS_44, KICS).',
  help: 'Route only the peer VPC\'s CIDR blocks through the peering connection.',
  compliance: { cis: ['5.6'], pci: ['1.3.1'], nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'route {\n  cidr_block                = "0.0.0.0/0"\n  vpc_peering_connection_id = aws_vpc_peering_connection.partner.id\n}',
    good: 'route {\n  cidr_block                = "10.50.0.0/16"\n  vpc_peering_connection_id = aws_vpc_peering_connection.partner.id\n}',
  },
  check(ctx) {
    for (const table of ctx.network.routeTables) {
      for (const route of table.routes) {
        const c = parseCidr(route.destination);
        if (route.targetKind === 'vpc-peering' && c && c.prefix === 0) {
          ctx.report({ at: route.origin, resource: table.address, key: `${route.destination}/${route.target}`, targets: table.subnetIds, message: `${table.address} routes ${route.destination} (every destination) to the peering connection ${route.target}; route only the peer's CIDRs` });
        }
      }
    }
  },
});
