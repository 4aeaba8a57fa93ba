import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, parseConstraints, parseVersion, satisfies, selectVersion, versionString } from '../../../../src/ingest/terraform/modules/version.js';

const v = (s: string) => {
  const parsed = parseVersion(s);
  assert.ok(parsed, s);
  return parsed;
};
const meets = (version: string, constraint: string): boolean => satisfies(v(version), parseConstraints(constraint));

describe('module versions and constraints (go-version semantics)', () => {
  it('parses versions with a v prefix, missing segments, prereleases and metadata', () => {
    assert.equal(versionString(v('v1.2')), '1.2.0');
    assert.equal(versionString(v('1.2.3-beta.1+build.5')), '1.2.3-beta.1');
    assert.equal(versionString(v('1.0beta')), '1.0.0-beta');
    for (const bad of ['', 'x', '1.', '1..2', '1.2.3 4']) assert.equal(parseVersion(bad), null, bad);
  });

  it('orders segments numerically, a prerelease below its release, prerelease parts numeric below alphanumeric', () => {
    const order = ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '2.0.0'];
    for (let i = 1; i < order.length; i++) assert.equal(compareVersions(v(order[i - 1]!), v(order[i]!)), -1, `${order[i - 1]} < ${order[i]}`);
    assert.equal(compareVersions(v('1.2'), v('1.2.0')), 0);
    assert.equal(compareVersions(v('1.2.0+a'), v('1.2.0+b')), 0);
  });

  it('= (or none), !=, >, >=, <, <= and lists joined by commas', () => {
    assert.ok(meets('1.2.0', '1.2'));
    assert.ok(meets('1.2.0', '= 1.2.0'));
    assert.ok(!meets('1.2.1', '1.2.0'));
    assert.ok(meets('1.2.1', '!= 1.2.0'));
    assert.ok(!meets('1.2.0', '!=1.2.0'));
    assert.ok(meets('1.3.0', '>= 1.2, < 2.0'));
    assert.ok(!meets('2.0.0', '>= 1.2, < 2.0'));
    assert.ok(!meets('1.1.9', '>= 1.2, < 2.0'));
    assert.ok(meets('1.2.1', '> 1.2.0'));
    assert.ok(!meets('1.2.0', '> 1.2.0'));
    assert.ok(meets('1.2.0', '<= 1.2.0'));
  });

  it('~> lets only the last written segment grow; with one segment, any version at or above it', () => {
    assert.ok(meets('1.2.9', '~> 1.2.3'));
    assert.ok(!meets('1.3.0', '~> 1.2.3'));
    assert.ok(!meets('1.2.2', '~> 1.2.3'));
    assert.ok(meets('1.9.0', '~> 1.2'));
    assert.ok(!meets('2.0.0', '~> 1.2'));
    assert.ok(!meets('1.1.0', '~> 1.2'));
    assert.ok(meets('5.3.1', '~> 5.0'));
    // go-version's (and so Terraform's) reading of a one-segment pessimistic constraint:
    assert.ok(meets('3.0.0', '~> 1'));
    assert.ok(!meets('0.9.0', '~> 1'));
  });

  it('prereleases match only constraints that name a prerelease of the same release', () => {
    assert.ok(!meets('1.3.0-beta', '>= 1.2'));
    assert.ok(meets('1.3.0-beta.2', '>= 1.3.0-beta.1'));
    assert.ok(!meets('1.4.0-beta.2', '>= 1.3.0-beta.1'));
    assert.ok(meets('1.3.0', '>= 1.3.0-beta.1'));
    assert.ok(!meets('1.3.0', '~> 1.3.0-beta.1'));
  });

  it('rejects malformed constraints, naming the part', () => {
    assert.throws(() => parseConstraints('>= 1.0, banana'), /malformed version constraint "banana"/);
    assert.throws(() => parseConstraints('=> 1.0'), /malformed/);
    assert.throws(() => parseConstraints(''), /malformed/);
  });

  it('selects the newest matching version, skipping prereleases not asked for exactly and junk versions', () => {
    const available = ['4.17.2', '5.0.0', '5.3.1', '5.4.0-rc.1', '6.0.0', 'latest'];
    assert.equal(versionString(selectVersion(available, parseConstraints('~> 5.0'))!), '5.3.1');
    assert.equal(versionString(selectVersion(available, parseConstraints('5.4.0-rc.1'))!), '5.4.0-rc.1');
    assert.equal(versionString(selectVersion(available, [])!), '6.0.0');
    assert.equal(selectVersion(available, parseConstraints('>= 7')), null);
  });
});
