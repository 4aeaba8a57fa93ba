import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestTerraform } from '../../src/ingest/terraform/index.js';
import { explain, solve } from '../../src/solver/index.js';

const net = () => ingestTerraform('fixtures/exposure/layers', { vars: [], varFiles: [] });

describe('exposure: hand-checked layers fixture (fixtures/exposure/layers/README.md)', () => {
  const r = net();
  const sol = solve(r.network);
  const x = (id: string) => sol.exposure(sol.find(id)[0]!);
  const tcp = (id: string) => x(id).internet.tcp.ranges.map(([a, b]) => [a, b]);

  it('reads without input errors', () => assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []));
  it('public subnet + public IP: direct exposure on the open ports', () => {
    assert.deepEqual(tcp('aws_instance.web'), [[22, 22], [443, 443]]);
    assert.equal(x('aws_instance.web').hopsFromInternet, 0);
  });
  it('a NACL deny (rule 90) shadows the later allow (rule 100) for 22 only', () => assert.deepEqual(tcp('aws_instance.shadowed'), [[443, 443]]));
  it('a private subnet (no IGW route) is not directly exposed, even with a public IP', () => assert.deepEqual(tcp('aws_instance.private'), []));
  it('a default route to a NAT gateway is not a route from the internet', () => assert.deepEqual(tcp('aws_instance.nat_only'), []));
  it('an Elastic IP makes an instance without an auto-assigned IP public', () => assert.deepEqual(tcp('aws_instance.eip'), [[22, 22], [443, 443]]));
  it('IPv6: a global address, a ::/0 route and a ::/0 rule expose it without any IPv4 public IP', () => {
    assert.deepEqual(tcp('aws_instance.v6'), []);
    assert.deepEqual(x('aws_instance.v6').internet6.tcp.ranges.map(([a, b]) => [a, b]), [[443, 443]]);
  });
  it('a load balancer exposes only its listener ports, and its target is one hop behind it', () => {
    assert.deepEqual(tcp('aws_lb.front'), [[443, 443]]);
    assert.equal(x('aws_instance.app').hopsFromInternet, 1);
    assert.deepEqual(x('aws_instance.app').path.map((h) => `${h.id}${h.port !== null ? `:${h.port}` : ''}`), ['internet', 'aws_lb.front:443', 'aws_instance.app:8080']);
  });
  it('three tiers: the database is two hops from the internet', () => {
    assert.equal(x('aws_db_instance.main').hopsFromInternet, 2);
    assert.deepEqual(x('aws_db_instance.main').path.map((h) => h.id), ['internet', 'aws_lb.front', 'aws_instance.app', 'aws_db_instance.main']);
    assert.deepEqual(x('aws_db_instance.main').peers.map((p) => p.from), ['aws_security_group.app']);
  });
  it('explain names the deciding NACL entry, route and rule (file:line)', () => {
    const e = explain(sol, { target: 'aws_instance.shadowed', port: 22 });
    assert.ok(!('error' in e));
    assert.equal(e.reachable, false);
    const nacl = e.hops[0]!.steps.find((s) => s.layer === 'nacl-inbound')!;
    assert.equal(nacl.verdict, 'block');
    assert.match(nacl.detail, /inbound rule 90 denies tcp\/22 from 0\.0\.0\.0\/0/);
    assert.equal(`${nacl.origin?.file}:${nacl.origin?.line}`, 'fixtures/exposure/layers/main.tf:76');
    const ok = explain(sol, { target: 'aws_instance.web', port: 443 });
    assert.ok(!('error' in ok) && ok.reachable);
    const sg = (ok as Exclude<typeof ok, { error: string }>).hops[0]!.steps.find((s) => s.layer === 'security-group')!;
    assert.equal(`${sg.origin?.file}:${sg.origin?.line}`, 'fixtures/exposure/layers/compute.tf:9');
    const route = (ok as Exclude<typeof ok, { error: string }>).hops[0]!.steps.find((s) => s.layer === 'route')!;
    assert.match(route.detail, /aws_route_table\.public: 0\.0\.0\.0\/0 -> aws_internet_gateway\.igw/);
    const priv = explain(sol, { target: 'aws_instance.private', port: 22, direct: true });
    assert.ok(!('error' in priv) && !priv.reachable && /no route to an internet gateway/.test(priv.summary));
  });
});
