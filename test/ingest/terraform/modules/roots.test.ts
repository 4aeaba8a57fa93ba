import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestTerraform } from '../../../../src/ingest/terraform/index.js';
import { errors, tempTree } from '../../../helpers/tf.js';

const MODULE = 'variable "port" {\n  type = number\n}\nvariable "vpc_id" {\n  type = string\n}\nresource "aws_security_group" "this" {\n  description = "web"\n  vpc_id      = var.vpc_id\n  ingress {\n    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\noutput "id" {\n  value = aws_security_group.this.id\n}\n';

describe('roots and packages in a module repository', () => {
  it('`scan .` evaluates each example once with its modules; the module and its submodules are not roots', () => {
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'main.tf': MODULE,
      'modules/http/main.tf': 'variable "vpc_id" {\n  type = string\n}\nmodule "sg" {\n  source = "../../"\n  port   = 80\n  vpc_id = var.vpc_id\n}\n',
      'examples/complete/main.tf': 'module "sg" {\n  source = "../../"\n  port   = 8080\n  vpc_id = "vpc-1"\n}\n',
      'examples/http/main.tf': 'module "http" {\n  source = "../../modules/http"\n  vpc_id = "vpc-2"\n}\n',
      'examples/http/.terragrunt-cache/x/y/main.tf': MODULE,
    });
    const r = ingestTerraform('.', { vars: [], varFiles: [] }, dir);
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'warning'), [], 'no root evaluated without its variables');
    assert.deepEqual(r.network.groups.map((g) => `${g.id} ${g.origin.file}:${g.origin.line} ${g.rules.map((x) => x.ports?.from).join(',')}`).sort(), [
      'module.http.module.sg.aws_security_group.this main.tf:7 80',
      'module.sg.aws_security_group.this main.tf:7 8080',
    ]);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'info').map((d) => d.message), [
      "examples/http/.terragrunt-cache is skipped (Terragrunt's working copies): scan the Terraform source its terragrunt.hcl points at, or a plan JSON",
    ]);
  });

  it('one example scanned alone reads its ../../ module and gives the same groups', () => {
    const dir = tempTree({ '.git/HEAD': 'x', 'main.tf': MODULE, 'examples/complete/main.tf': 'module "sg" {\n  source = "../../"\n  port   = 8080\n  vpc_id = "vpc-1"\n}\n' });
    const r = ingestTerraform('examples/complete', { vars: [], varFiles: [] }, dir);
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => `${g.id} ${g.origin.file}:${g.origin.line}`), ['module.sg.aws_security_group.this main.tf:7']);
  });
});
