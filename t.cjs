const hcl = require('hcl2-parser');
const cases = [
 'default = [1, 2.5, "a${b}c", true, null]',
 'a = { k = 1, "q" = var.x }',
 'b = var.x[0] + 2 * 3',
 'c = [for s in var.x : upper(s) if s != ""]',
 'd = <<-EOT\n    hello ${var.x}\n  EOT\n',
 'e = a ? b : c', 'f = aws_instance.x[*].id', 'h = -1', 'i = "${var.only}"', 'j = {for k, v in m : k => v...}',
 'resource "aws_security_group" "w" {\n  ingress { from_port = 22 }\n  ingress { from_port = 23 }\n  dynamic "egress" {\n for_each = x\n    content { a = 1 } }\n}\nresource "aws_security_group" "y" {}\n',
 'x = a.b.c[0].d', 'y = "%{ if a }x%{ endif }"', 'z = 1.5e3', 'w = "a\\nb\\u00e9"', 'v = (1 + 2)', 'u = !true', 'k = a == b && c || d', 'l = tolist(["a"])[0]', 'm = x.*.y', 'n = "$${x}"',
 'blk "a" {\n}\nblk "a" {\n}\n', 'o = {a = 1\n b = 2}', 'p = [\n 1,\n 2,\n]', 'q = {"${x}" = 1}', 'r = {(var.k) = 1}', 's = a.0', 't = 0x10',
 'e2 = {}', 'e3 = []', 'n2 = 10 % 3', 'c2 = "a" # x\nc3 = 2 // y\n/* z */', 'f2 = f(a...)',
];
for (const c of cases) { const [o, e] = hcl.parseToObject(c); console.log(JSON.stringify(c).slice(0,60), '=>', e ? 'ERR' : JSON.stringify(o)); }
