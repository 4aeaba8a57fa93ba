import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestTerraform } from '../../../src/ingest/terraform/index.js';
import { solve } from '../../../src/solver/index.js';

const exposure = (dir: string): Map<string, { tcp: string; hops: number | null; path: string }> => {
  const r = ingestTerraform(dir, { vars: [], varFiles: [] });
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  const sol = solve(r.network);
  return new Map(sol.endpoints().map((e) => {
    const x = sol.exposure(e);
    return [e.id, { tcp: JSON.stringify(x.internet.toJSON().tcp), hops: x.hopsFromInternet, path: x.path.map((h) => h.id).join(' -> ') }];
  }));
};

describe('Huawei Cloud and OpenStack (Terraform)', () => {
  it('Huawei: a deny at a lower priority number overrides an allow; equal priority, deny wins; an EIP is what exposes', () => {
    const x = exposure('fixtures/exposure/huawei');
    assert.deepEqual(x.get('huaweicloud_compute_instance.web'), { tcp: '[[1,21],[23,3388],[3390,65535]]', hops: 0, path: 'internet -> huaweicloud_compute_instance.web' });
    assert.deepEqual(x.get('huaweicloud_compute_instance.app'), { tcp: '[]', hops: 1, path: 'internet -> huaweicloud_compute_instance.web -> huaweicloud_compute_instance.app' });
  });

  it('OpenStack: an empty remote is any source; a floating IP on a port exposes it; the default egress rules exist', () => {
    const x = exposure('fixtures/exposure/openstack');
    assert.deepEqual(x.get('openstack_networking_port_v2.bastion'), { tcp: '[[22,22]]', hops: 0, path: 'internet -> openstack_networking_port_v2.bastion' });
    assert.equal(x.get('openstack_networking_port_v2.db')!.hops, 1);
    assert.ok(!x.has('openstack_compute_instance_v2.bastion'), 'an instance attached only through ports is its ports');
    const net = ingestTerraform('fixtures/exposure/openstack', { vars: [], varFiles: [] }).network;
    const bastion = net.groups.find((g) => g.id === 'openstack_networking_secgroup_v2.bastion')!;
    assert.ok(bastion.rules.some((r) => r.implicit && r.direction === 'egress' && r.peer.kind === 'cidr6'));
    assert.ok(bastion.rules.some((r) => r.anySource && r.ports?.from === 22));
  });

  it('OpenStack compute secgroups, instances naming groups, and ports with port security disabled', async () => {
    const { tempTree } = await import('../../helpers/tf.js');
    const dir = tempTree({
      'main.tf': `resource "openstack_networking_network_v2" "n" {
  name = "n"
}
resource "openstack_networking_subnet_v2" "s" {
  network_id = openstack_networking_network_v2.n.id
  cidr       = "10.0.0.0/24"
}
resource "openstack_compute_secgroup_v2" "web" {
  name        = "web"
  description = "web"
  rule {
    from_port   = 443
    to_port     = 443
    ip_protocol = "tcp"
    cidr        = "0.0.0.0/0"
  }
}
resource "openstack_compute_instance_v2" "web" {
  name            = "web"
  security_groups = ["web"]
  network {
    uuid = openstack_networking_network_v2.n.id
  }
}
resource "openstack_compute_floatingip_associate_v2" "web" {
  floating_ip = "203.0.113.5"
  instance_id = openstack_compute_instance_v2.web.id
}
resource "openstack_networking_port_v2" "raw" {
  network_id            = openstack_networking_network_v2.n.id
  port_security_enabled = false
}
resource "openstack_networking_floatingip_associate_v2" "raw" {
  floating_ip = "203.0.113.6"
  port_id     = openstack_networking_port_v2.raw.id
}
`,
    });
    const x = exposure(dir);
    assert.deepEqual(x.get('openstack_compute_instance_v2.web')?.tcp, '[[443,443]]');
    assert.deepEqual(x.get('openstack_networking_port_v2.raw')?.tcp, '[[0,65535]]', 'no port security: everything reaches it');
  });

  it('Huawei network ACLs: first match in list order, unmatched traffic denied, replies need an egress rule', async () => {
    const { tempTree } = await import('../../helpers/tf.js');
    const tf = (egress: string) => `resource "huaweicloud_vpc" "v" {
  name = "v"
  cidr = "192.168.0.0/16"
}
resource "huaweicloud_vpc_subnet" "s" {
  name   = "s"
  vpc_id = huaweicloud_vpc.v.id
  cidr   = "192.168.1.0/24"
}
resource "huaweicloud_networking_secgroup" "g" {
  name                 = "g"
  description          = "g"
  delete_default_rules = true
}
resource "huaweicloud_networking_secgroup_rule" "all" {
  security_group_id = huaweicloud_networking_secgroup.g.id
  direction         = "ingress"
  protocol          = "tcp"
  remote_ip_prefix  = "0.0.0.0/0"
}
resource "huaweicloud_network_acl" "fw" {
  name = "fw"
  associated_subnets {
    subnet_id = huaweicloud_vpc_subnet.s.id
  }
  ingress_rules {
    action            = "deny"
    protocol          = "tcp"
    ip_version        = 4
    source_ip_address = "0.0.0.0/0"
    destination_port  = "8080"
  }
  ingress_rules {
    action            = "allow"
    protocol          = "tcp"
    ip_version        = 4
    source_ip_address = "0.0.0.0/0"
    destination_port  = "22,8000-9000"
  }
${egress}
}
resource "huaweicloud_compute_instance" "i" {
  name               = "i"
  security_group_ids = [huaweicloud_networking_secgroup.g.id]
  network {
    uuid = huaweicloud_vpc_subnet.s.id
  }
}
resource "huaweicloud_compute_eip_associate" "i" {
  public_ip   = "203.0.113.7"
  instance_id = huaweicloud_compute_instance.i.id
}
`;
    const withReplies = exposure(tempTree({ 'main.tf': tf('  egress_rules {\n    action = "allow"\n    protocol = "any"\n    ip_version = 4\n    destination_ip_address = "0.0.0.0/0"\n  }') }));
    assert.equal(withReplies.get('huaweicloud_compute_instance.i')!.tcp, '[[22,22],[8000,8079],[8081,9000]]');
    const noReplies = exposure(tempTree({ 'main.tf': tf('') }));
    assert.equal(noReplies.get('huaweicloud_compute_instance.i')!.tcp, '[]');
  });
});

