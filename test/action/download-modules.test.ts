import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downloadSettings } from '../../src/action/main.js';

const withInput = <T>(value: string, f: () => T): T => {
  const name = 'INPUT_DOWNLOAD-MODULES';
  const before = process.env[name];
  process.env[name] = value;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
};

describe('Action input download-modules', () => {
  const env = { GITHUB_WORKSPACE: '/w' };
  const own = { pull_request: { head: { repo: { full_name: 'acme/infra', fork: false } } }, repository: { full_name: 'acme/infra' } };
  const fork = { pull_request: { head: { repo: { full_name: 'mallory/infra', fork: true } } }, repository: { full_name: 'acme/infra' } };

  it('is off by default and on when set, on pushes and same-repository pull requests', () => {
    assert.deepEqual(withInput('false', () => downloadSettings(env, own)), {});
    assert.deepEqual(withInput('', () => downloadSettings(env, {})), {});
    assert.deepEqual(withInput('true', () => downloadSettings(env, {})), { modules: { env } });
    assert.deepEqual(withInput('TRUE', () => downloadSettings(env, own)), { modules: { env } });
  });

  it('is never on for a pull request from a fork, even when the workflow sets it', () => {
    assert.deepEqual(withInput('true', () => downloadSettings(env, fork)), {});
    const renamedFork = { ...fork, pull_request: { head: { repo: { full_name: 'mallory/other' } } } };
    assert.deepEqual(withInput('true', () => downloadSettings(env, renamedFork)), {});
  });
});
