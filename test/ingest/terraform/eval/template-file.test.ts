import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, ingest } from '../../../helpers/tf.js';

describe('templatefile(): a mistake in the template is reported in the template, naming the call', () => {
  it('an evaluation error: the template file:line:column, and where templatefile() was called', () => {
    const r = ingest({
      'main.tf': 'resource "aws_security_group" "g" {\n  description = templatefile("${path.module}/t.tpl", { n = 1 })\n}\n',
      't.tpl': 'line one\nline two ${n + "x"}\n',
    });
    assert.deepEqual(errors(r).map((e) => e.replace(/: expected.*? \(in/, ': … (in')), ['t.tpl:2:12: … (in the template rendered by templatefile() at main.tf:2:17)']);
  });

  it('a syntax error in a template of a module in a subfolder: that template\'s path', () => {
    const r = ingest({
      'main.tf': 'module "m" {\n  source = "./mod"\n}\n',
      'mod/main.tf': 'resource "aws_security_group" "g" {\n  description = templatefile("${path.module}/tpl/t.tpl", {})\n}\n',
      'mod/tpl/t.tpl': 'ok\n%{ if }\n',
    });
    const e = errors(r);
    assert.equal(e.length, 1, e.join('\n'));
    assert.match(e[0]!, /^mod\/tpl\/t\.tpl:2:\d+: templatefile: the template has a syntax error: .* \(in the template rendered by templatefile\(\) at mod\/main\.tf:2:17\)$/);
  });
});
