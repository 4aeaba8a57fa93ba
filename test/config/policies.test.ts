import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/checks/config/load-config.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { tempTree } from '../helpers/tf.js';

function load(yaml: string) {
  const dir = tempTree({ '.sglint.yml': yaml });
  const diagnostics: Diagnostic[] = [];
  const config = loadConfig('.sglint.yml', dir, diagnostics);
  return { config, errors: diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`) };
}

describe('.sglint.yml policies:', () => {
  it('reads each form: forbid, only, maxHops, through, except, severity; remembers where each policy is', () => {
    const { config, errors } = load(`policies:
  - id: db-isolated
    severity: critical
    forbid: { from: internet, to: "tag:tier=db", ports: "5432,3306", protocol: tcp }
    maxHops: 4
    through: [group:sg-bastion, subnet:subnet-dmz]
    except:
      - { from: "10.0.0.0/16", to: "tag:tier=db", ports: 5432 }
  - id: ssh-from-bastion
    only: { from: "tag:role=bastion", to: "tag:tier=app", ports: 22 }
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(config.policies.map((p) => [p.id, p.file, p.line, p.column]), [['db-isolated', '.sglint.yml', 2, 5], ['ssh-from-bastion', '.sglint.yml', 9, 5]]);
    assert.equal(config.policies[0]!.maxHops, 4);
    assert.deepEqual(config.policies[0]!.except, [{ from: '10.0.0.0/16', to: 'tag:tier=db', ports: 5432 }]);
  });

  it('every error names its line; a policy with an error is left out, the others kept', () => {
    const { config, errors } = load(`policies:
  - id: ok
    forbid: { to: any }
  - id: bad-ports
    forbid: { to: any, ports: "80-" }
  - id: bad-protocol
    forbid: { to: any, protocol: gre }
  - id: both
    forbid: { to: any }
    only: { to: any }
  - id: neither
  - id: ok
    forbid: { to: any }
  - id: bad-tag
    forbid: { from: "tag:=x", to: any }
  - id: only-with-hops
    only: { to: any }
    maxHops: 2
  - id: through-tag
    forbid: { to: any }
    through: "tag:x=y"
  - id: bad id!
    forbid: { to: any }
  - id: typo
    forbid: { to: any }
    maxhops: 2
  - id: icmp-ports
    forbid: { to: any, protocol: icmp, ports: 8 }
`);
    assert.deepEqual(errors, [
      '.sglint.yml:5:24 policies.1.forbid.ports: must be a port (0-65535), a range like "8000-8100", or a list like "22,443"',
      '.sglint.yml:7:24 policies.2.forbid.protocol: expected one of tcp, udp, icmp, icmpv6, all, -1',
      '.sglint.yml:26:5 unknown key "policies.10.maxhops": expected one of extends, rules, customRules, ignore, failOn, baseline, policies',
      '.sglint.yml:8:5 policies.3: a policy has exactly one of forbid or only',
      '.sglint.yml:11:5 policies.4: a policy has exactly one of forbid or only',
      '.sglint.yml:12:5 policies.5.id: "ok" is already the id of policies.0',
      '.sglint.yml:15:15 policies.6.forbid.from: "tag:=x": a tag selector is tag:KEY=VALUE or tag:KEY',
      '.sglint.yml:18:5 policies.7: maxHops and through apply to forbid; only judges who opens the last connection',
      '.sglint.yml:21:5 policies.8.through: "tag:x=y": through names security groups or subnets (group:ID, subnet:ID, or a bare id or name)',
      '.sglint.yml:22:5 policies.9.id: "bad id!" must start with a letter or digit and hold only letters, digits, ".", "_" and "-"',
      '.sglint.yml:28:40 policies.11.forbid: ports apply to tcp and udp only, not icmp',
    ]);
    assert.deepEqual(config.policies.map((p) => p.id), ['ok']);
  });
});
