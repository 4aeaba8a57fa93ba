import { Unknown } from '../../../model/unknown.js';
import type { Span } from '../hcl/ast.js';
import type { ResourceDecl } from './config.js';
import type { ModuleInstance } from './instance.js';
import type { Scope } from './scope.js';
import { EvalError, LazyObject, type Value } from './values.js';

/**
 * One instance of a resource (`aws_security_group.web`, `aws_instance.app[0]`). Its `id` is its
 * address, known without evaluating the body, so mutual references between groups resolve; other
 * attributes are evaluated when first read.
 */
export class ResourceInstance extends LazyObject {
  private readonly cache = new Map<string, Value>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly module: ModuleInstance,
    readonly decl: ResourceDecl,
    readonly address: string,
    /** The scope with `each`/`count` bound for this instance. */
    readonly scope: Scope,
  ) {
    super();
  }

  override toString(): string {
    return this.address;
  }

  /**
   * An attribute read by a reference. One the configuration leaves null may be computed by the
   * provider (optional and computed, like a VPC's `ipv6_cidr_block`), so it reads as unknown.
   */
  get(name: string, at: Span): Value {
    const v = this.written(name, at);
    return v === null ? new Unknown(`${this.address}.${name} is not set in the configuration; the provider may compute it`) : v;
  }

  /** An attribute as the configuration writes it (null stays null), for mapping the resource itself. */
  written(name: string, at: Span): Value {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    if (this.decl.mode === 'data') return new Unknown(`${this.address} is read from the cloud when Terraform runs`);
    if (this.evaluating.has(name)) throw new EvalError(`cycle: ${this.address}.${name} depends on itself`, at);
    this.evaluating.add(name);
    try {
      const value = this.compute(name);
      this.cache.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private compute(name: string): Value {
    const body = this.decl.block.body;
    if (name === 'id') return this.address;
    if (name === 'arn') return `arn:sglint:${this.address}`;
    const implicit = IMPLICIT_CHILDREN[this.decl.type]?.[name];
    if (implicit) return `${this.address}/${implicit}`;
    const attr = body.attributes.find((a) => a.name === name);
    if (attr) return this.module.evaluate(attr.expr, this.scope, this.decl.file);
    if (body.blocks.some((b) => b.type === name || (b.type === 'dynamic' && b.labels[0] === name))) {
      return this.module.evaluateBlocksAsValues(body, name, this.scope, this.decl.file, this.address);
    }
    return new Unknown(`${this.address}.${name} is computed by the provider when Terraform applies`);
  }

  keys(): string[] {
    const body = this.decl.block.body;
    return ['id', ...body.attributes.map((a) => a.name).filter((n) => !META.has(n)), ...body.blocks.map((b) => b.type)];
  }
}

/**
 * Objects AWS creates with a resource (a VPC's default group, default NACL and main route table):
 * their ids are tokens the mapper turns into implicit model objects with AWS's default contents.
 */
export const IMPLICIT_CHILDREN: Record<string, Record<string, string>> = {
  aws_vpc: {
    default_security_group_id: 'default-security-group',
    default_network_acl_id: 'default-network-acl',
    main_route_table_id: 'main-route-table',
    default_route_table_id: 'main-route-table',
  },
};

/** Meta-arguments that are not attributes of the resource. */
export const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
