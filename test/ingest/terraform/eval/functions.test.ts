import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { functionNames } from '../../../../src/ingest/terraform/eval/functions/index.js';
import { Unknown } from '../../../../src/model/unknown.js';
import { locals } from '../../../helpers/evaluate.js';

const files = { 'a.txt': 'hello', 'dir/t.tpl': 'port ${p}' };
const evaluate = (expr: string) => locals({ ...files, 'main.tf': `data "aws_vpc" "d" {}\nlocals {\n  t = "port $\${p}"\n  x = ${expr}\n}\n` });
const one = (expr: string): unknown => JSON.parse(JSON.stringify(evaluate(expr).get('x')));

describe('evaluator: every built-in function of Terraform', () => {
  it('knows the same functions as `terraform metadata functions` (Terraform 1.11)', () => {
    const terraform = (JSON.parse(fs.readFileSync('test-data/terraform-functions.json', 'utf8')) as { functions: string[] }).functions;
    assert.deepEqual(functionNames().filter((f) => !terraform.includes(f)), [], 'functions Terraform does not have');
    assert.deepEqual(terraform.filter((f) => !functionNames().includes(f)), [], 'functions sglint lacks');
  });

  // Expected values are the ones Terraform's documentation gives for these calls.
  const cases: [string, unknown][] = [
    ['formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', '02 Jan 2018 23:12 UTC'],
    ['formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")', 'Tuesday, 02-Jan-18 23:12:01 UTC'],
    ['formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")', 'Tue, 02 Jan 2018 23:12:01 -0800'],
    ['formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")', 'Jan 02, 2018'],
    ['formatdate("HH:mmaa", "2018-01-02T23:12:01Z")', '11:12pm'],
    ["formatdate(\"h'h'mm ''Z''\", \"2018-01-02T03:04:05+05:30\")", "3h04 '+05:30'"],
    ['timeadd("2017-11-22T00:00:00Z", "10m")', '2017-11-22T00:10:00Z'],
    ['timeadd("2017-11-22T00:00:00+02:00", "-1h30m")', '2017-11-21T22:30:00+02:00'],
    ['timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00")', 0],
    ['timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:01Z")', -1],
    ['yamldecode("a: [1, b]\\nc: {d: true}")', { a: [1, 'b'], c: { d: true } }],
    ['csvdecode("a,b\\n1,\\"x,y\\"\\n2,\\"say \\"\\"hi\\"\\"\\"\\n")', [{ a: '1', b: 'x,y' }, { a: '2', b: 'say "hi"' }]],
    ['templatestring(local.t, { p = 22 })', 'port 22'],
    ['templatefile("dir/t.tpl", { p = 443 })', 'port 443'],
    ['base64sha256("hello world")', 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
    ['base64sha512("hello world")', 'MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=='],
    ['uuidv5("dns", "www.terraform.io")', 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
    ['uuidv5("url", "https://www.terraform.io/")', '9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5'],
    ['textencodebase64("Hello World", "UTF-16LE")', 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
    ['textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', 'Hello World'],
    ['filemd5("a.txt")', '5d41402abc4b2a76b9719d911017c592'],
    ['filesha256("a.txt")', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ['filebase64sha256("a.txt")', 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ='],
    ['ephemeralasnull("x")', 'x'],
    ['core::try(local.missing, "fallback")', 'fallback'],
    ['core::upper("x")', 'X'],
  ];
  for (const [expr, want] of cases) it(expr, () => assert.deepEqual(one(expr), want));

  const unknownCases: [string, RegExp][] = [
    ['timestamp()', /known only when Terraform applies/],
    ['plantimestamp()', /the time Terraform plans/],
    ['bcrypt("x")', /random salt/],
    ['base64gzip("x")', /Go's compressor/],
    ['issensitive("x")', /does not track sensitive values/],
    ['provider::aws::arn_parse("arn:aws:iam::123:role/x")', /provider-defined function/],
    ['textencodebase64("x", "Shift_JIS")', /not computed by sglint/],
    ['formatdate("YYYY", data.aws_vpc.d.id)', /data\.aws_vpc\.d is read from the cloud/],
  ];
  for (const [expr, re] of unknownCases) {
    it(`${expr} is unknown, with its reason`, () => {
      const l = evaluate(expr);
      const v = l.get('x');
      assert.ok(v instanceof Unknown, String(v));
      assert.match(v.reason, re);
      assert.deepEqual(l.diagnostics, []);
    });
  }

  const errorCases: [string, RegExp][] = [
    ['formatdate("YYY", "2018-01-02T23:12:01Z")', /invalid date format verb "YYY"/],
    ['formatdate("YYYY", "2018-13-02T23:12:01Z")', /not a valid RFC 3339 timestamp/],
    ['timeadd("2017-11-22T00:00:00Z", "10 minutes")', /invalid duration/],
    ['yamldecode("a: 1\\n---\\nb: 2")', /not valid YAML/],
    ['csvdecode("a,b\\n1\\n")', /line 2 has 1 fields; the header has 2/],
    ['uuidv5("nope", "x")', /not a namespace/],
    ['textencodebase64("é", "US-ASCII")', /cannot represent/],
    ['type("x")', /call to unknown function "type"/],
  ];
  for (const [expr, re] of errorCases) {
    it(`${expr} is an error, as in Terraform`, () => {
      const l = evaluate(expr);
      assert.ok(l.get('x') instanceof Unknown);
      assert.match(l.diagnostics.find((d) => d.severity === 'error')?.message ?? '', re);
    });
  }
});
