import type { Diagnostic } from '../../../model/diagnostic.js';
import { emptyNetwork, type Endpoint, type Nacl, type Network, type Provider, type SecurityGroup } from '../../../model/network.js';
import type { Origin } from '../../../model/origin.js';
import type { EvaluatedResource } from '../eval/resources.js';
import { idFromRef, str } from './attrs.js';
import { declaredInstance, refName } from './refs.js';

/** Mutable state while turning evaluated resources into the model. */
export class MapContext {
  readonly network: Network = emptyNetwork();
  readonly diagnostics: Diagnostic[] = [];
  readonly groups = new Map<string, SecurityGroup>();
  /** Load balancer listeners forwarding to target groups, and target group members, joined in `finish`. */
  readonly listenerTargets: { lbId: string; targetGroup: string }[] = [];
  readonly targetGroupMembers: { targetGroup: string; endpointId: string; port?: number }[] = [];
  readonly targetGroupPorts = new Map<string, number>();
  /** DB/cache subnet groups by address and by name. */
  readonly subnetGroups = new Map<string, string[]>();
  /** Endpoints whose public IP is the subnet's default (map_public_ip_on_launch), settled in `finish`. */
  readonly pendingPublicIp = new WeakSet<Endpoint>();
  /** Instances launched without groups: they get their VPC's default group even when an attachment adds another. */
  readonly defaultGroupAtLaunch = new WeakSet<Endpoint>();
  /** Implicit group id -> the declared group that adopts it (aws_default_security_group). */
  readonly groupAliases = new Map<string, string>();
  /** OpenStack/Huawei instances attached only through ports: the ports are their endpoints. */
  readonly portOnlyInstances = new Set<string>();

  /** What Terraform or AWS itself rejects (a port that is not a number, a reversed range). */
  error(origin: Origin, message: string): void {
    this.diagnostics.push({ severity: 'error', message, file: origin.file, line: origin.line, column: origin.column });
  }

  warn(origin: Origin, message: string): void {
    this.diagnostics.push({ severity: 'warning', message, file: origin.file, line: origin.line, column: origin.column });
  }

  addGroup(g: SecurityGroup): void {
    this.groups.set(g.id, g);
    this.network.groups.push(g);
  }

  /**
   * The group a standalone rule resource attaches to (`attr` names it): the declared group, a stub
   * for a literal id, or, when the id is not known statically or missing, a placeholder named
   * after what it was attached to, so the rule is still checked on its own.
   */
  ruleGroup(r: EvaluatedResource, attr: string, origin: Origin, provider: Provider = 'aws'): SecurityGroup {
    const v = str(r.body, attr);
    if (typeof v === 'string') return this.groupFor(idFromRef(v), origin);
    const ref = refName(r.body, r.file, attr, /^aws_security_group|_secgroup/);
    const declared = ref === undefined ? undefined : declaredInstance(this.network.groups.filter((g) => !g.placeholder), r.modulePrefix + ref);
    if (declared) return declared;
    const name = ref === undefined ? (v === undefined ? `${r.address} (no ${attr})` : `${r.address}.${attr}`) : r.modulePrefix + ref;
    const why = v === undefined ? `${attr} is not set` : v.reason;
    this.warn(origin, `${r.address}: the group it attaches to (${name}) is not known statically (${why}); its rules are checked on their own, and what the group protects is unknown`);
    const existing = this.groups.get(name);
    if (existing) return existing;
    const placeholder: SecurityGroup = { id: name, address: name, provider, isDefault: false, rules: [], origin, external: true, placeholder: true };
    this.addGroup(placeholder);
    return placeholder;
  }

  /** The NACL an `aws_network_acl_rule` attaches to: the declared one, or a placeholder as for groups. */
  ruleNacl(r: EvaluatedResource, attr: string, origin: Origin): Nacl {
    const v = str(r.body, attr);
    const id = typeof v === 'string' ? idFromRef(v) : undefined;
    const known = id === undefined ? undefined : this.network.nacls.find((n) => n.id === id);
    if (known) return known;
    const ref = id === undefined ? refName(r.body, r.file, attr, /^aws_(default_)?network_acl\b/) : undefined;
    const declared = ref === undefined ? undefined : declaredInstance(this.network.nacls.filter((n) => !n.placeholder), r.modulePrefix + ref);
    if (declared) return declared;
    const name = id ?? (ref === undefined ? (v === undefined ? `${r.address} (no ${attr})` : `${r.address}.${attr}`) : r.modulePrefix + ref);
    const why = typeof v === 'string' ? 'it is not in the scanned input' : v === undefined ? `${attr} is not set` : `${v.reason}`;
    this.warn(origin, `${r.address}: its network ACL (${name}) is not known statically (${why}); its entries are checked on their own, and which subnets it guards is unknown`);
    const existing = this.network.nacls.find((n) => n.id === name);
    if (existing) return existing;
    const placeholder: Nacl = { id: name, address: name, isDefault: false, subnetIds: [], entries: [], origin, placeholder: true };
    this.network.nacls.push(placeholder);
    return placeholder;
  }

  /**
   * The group a standalone rule attaches to. A literal id not defined in the scanned code
   * (an existing group) still gets its rules checked, on a stub group named by that id.
   */
  groupFor(id: string, origin: Origin): SecurityGroup {
    const existing = this.groups.get(id);
    if (existing) return existing;
    const stub: SecurityGroup = { id, address: id, provider: 'aws', isDefault: false, rules: [], origin, external: true };
    this.addGroup(stub);
    return stub;
  }
}
