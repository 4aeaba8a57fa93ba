import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { parseHcl } from '../../../../src/ingest/terraform/hcl/index.js';
import { canonicalJson, toHcl2Json } from '../../../helpers/to-hcl2json.js';
import { filesUnder } from '../../../helpers/files.js';

// hcl2-parser (HashiCorp's Go parser via hcl2json, compiled to JS) is the oracle: for every input,
// both parsers must produce the same value tree.
const hcl2 = createRequire(import.meta.url)('hcl2-parser') as { parseToObject(s: string): [unknown, unknown] };

function agree(text: string, name: string): void {
  const ours = parseHcl(name, text);
  const [theirs, err] = hcl2.parseToObject(text);
  assert.equal(ours.errors.length, 0, `${name}: our parser failed: ${ours.errors[0]?.message}`);
  assert.ok(!err, `${name}: hcl2-parser failed`);
  assert.equal(canonicalJson(toHcl2Json(ours.body, text)), canonicalJson(theirs), name);
}

const SNIPPETS = [
  'a = 1\nb = "x"\nc = true\nd = null\ne = 1.5e3\nf = -1\ng = !true\n',
  'a = [1, 2.5, "a${b}c", true, null]\nb = { k = 1, "q" = var.x }\n',
  'b = var.x[0] + 2 * 3 - 4 / 2 % 3\nc = a == b && c || !d\nd = (1 + 2) * 3\ne = a >= b ? a : b\n',
  'c = [for s in var.x : upper(s) if s != ""]\nj = {for k, v in m : k => v...}\nk = { for k, v in m : upper(k) => v if v != null }\n',
  'd = <<-EOT\n    hello ${var.x}\n      indented\n  EOT\ne = <<EOT\nraw $${not} %%{not}\nEOT\n',
  'f = aws_instance.x[*].id\ng = aws_instance.x.*.private_ip\nh = a.b[0].c["d"]\ni = a[*].b[0]\nj = a.0\n',
  'y = "%{ if a }x%{ else }y%{ endif }"\nz = "%{ for x in xs }${x},%{ endfor }"\nw = "a\\nb\\u00e9\\t\\"q\\""\n',
  'blk "a" {\n}\nblk "a" {\n}\nblk "b" "c" {\n  x = 1\n}\n',
  'o = {a = 1\n b = 2}\np = [\n 1,\n 2,\n]\nq = {"${x}" = 1}\nr = {(var.k) = 1}\n',
  'c2 = "a" # x\nc3 = 2 // y\n/* z */\nc4 = /* inline */ 3\n',
  'f2 = f(a...)\nf4 = concat(\n  a,\n  b,\n)\n',
  'resource "aws_security_group" "w" {\n  ingress { from_port = 22 }\n  dynamic "egress" {\n    for_each = x\n    content {\n      a = egress.value\n    }\n  }\n}\n',
  'x = "${~ a ~}"\ny = "  ${~ a}  "\nz = "${a ~}   b"\n',
  'a = "tab\there"\nb = "dollar $ percent % brace {"\nc = "$"\nd = "%"\n',
  'nested = "${ "inner ${ x }" }"\nobj = { "a b" = 1, c = { d = [1, { e = 2 }] } }\n',
];

describe('HCL parser agrees with hcl2-parser', () => {
  it('on hand-written snippets covering the grammar', () => {
    SNIPPETS.forEach((s, i) => agree(s, `snippet ${i}`));
  });

  it('on every .tf and .tfvars fixture', () => {
    const files = filesUnder('fixtures', /\.(tf|tfvars)$/);
    assert.ok(files.length >= 8, 'fixtures exist');
    for (const f of files) agree(fs.readFileSync(f, 'utf8'), f);
  });

  it('on a generated corpus (test-data/gen-terraform.mjs)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-corpus-'));
    execFileSync('node', [path.resolve('test-data/gen-terraform.mjs'), dir, '150', '3', '9'], { stdio: 'ignore' });
    for (const f of fs.readdirSync(dir)) agree(fs.readFileSync(path.join(dir, f), 'utf8'), f);
  });
});
