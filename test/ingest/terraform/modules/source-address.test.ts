import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModuleSource, sourceString, splitSubdir } from '../../../../src/ingest/terraform/modules/source-address.js';

const canonical = (raw: string): string | null => {
  const s = parseModuleSource(raw);
  return s ? `${s.kind} ${sourceString(s)}` : null;
};

describe('module source addresses', () => {
  it('local paths', () => {
    assert.equal(canonical('./modules/x'), 'local ./modules/x');
    assert.equal(canonical('../../'), 'local ../../');
  });

  it('registry addresses get the default host and keep a //subdir', () => {
    assert.equal(canonical('terraform-aws-modules/security-group/aws'), 'registry registry.terraform.io/terraform-aws-modules/security-group/aws');
    assert.equal(canonical('terraform-aws-modules/security-group/aws//modules/http-80'), 'registry registry.terraform.io/terraform-aws-modules/security-group/aws//modules/http-80');
    assert.equal(canonical('app.terraform.io/acme/network/aws'), 'registry app.terraform.io/acme/network/aws');
    assert.equal(canonical('127.0.0.1:8443/acme/network/aws'), 'registry 127.0.0.1:8443/acme/network/aws');
    assert.equal(canonical('localhost:8443/acme/network/aws'), 'registry localhost:8443/acme/network/aws');
  });

  it('git sources, with the GitHub and scp-style shorthands, keep ?ref= after the subdir', () => {
    assert.equal(canonical('git::https://example.com/net.git//modules/sg?ref=v1.2.0'), 'remote git::https://example.com/net.git//modules/sg?ref=v1.2.0');
    assert.equal(canonical('github.com/acme/net'), 'remote git::https://github.com/acme/net.git');
    assert.equal(canonical('github.com/acme/net.git//sg?ref=v2'), 'remote git::https://github.com/acme/net.git//sg?ref=v2');
    assert.equal(canonical('git@github.com:acme/net.git?ref=v2'), 'remote git::ssh://git@github.com/acme/net.git?ref=v2');
    assert.equal(canonical('git::file:///tmp/x/pkg//modules/inner?ref=v1.2.0'), 'remote git::file:///tmp/x/pkg//modules/inner?ref=v1.2.0');
  });

  it('archives over https, S3 and GCS', () => {
    assert.equal(canonical('https://example.com/net.tar.gz//sg'), 'remote https://example.com/net.tar.gz//sg');
    assert.equal(canonical('s3::https://s3-eu-west-1.amazonaws.com/bucket/net.zip'), 'remote s3::https://s3-eu-west-1.amazonaws.com/bucket/net.zip');
    assert.equal(canonical('bucket.s3.amazonaws.com/net.zip'), 'remote s3::https://bucket.s3.amazonaws.com/net.zip');
    assert.equal(canonical('gcs::https://www.googleapis.com/storage/v1/b/net.zip'), 'remote gcs::https://www.googleapis.com/storage/v1/b/net.zip');
  });

  it('what Terraform does not accept', () => {
    for (const bad of ['modules/x', 'a/b', 'github.com/acme', 'a/b/c/d/e', '/abs/path']) assert.equal(parseModuleSource(bad), null, bad);
  });

  it('the subdir is looked for after the scheme only', () => {
    assert.deepEqual(splitSubdir('https://h/p.zip//a/b/?archive=zip'), { pkg: 'https://h/p.zip?archive=zip', subdir: 'a/b' });
    assert.deepEqual(splitSubdir('https://h/p.zip'), { pkg: 'https://h/p.zip', subdir: '' });
  });
});
