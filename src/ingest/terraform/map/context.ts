import type { Diagnostic } from '../../../model/diagnostic.js';
import { emptyNetwork, type Endpoint, type Network, type SecurityGroup } from '../../../model/network.js';
import type { Origin } from '../../../model/origin.js';

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
  /** Implicit group id -> the declared group that adopts it (aws_default_security_group). */
  readonly groupAliases = new Map<string, string>();
  /** OpenStack/Huawei instances attached only through ports: the ports are their endpoints. */
  readonly portOnlyInstances = new Set<string>();

  warn(origin: Origin, message: string): void {
    this.diagnostics.push({ severity: 'warning', message, file: origin.file, line: origin.line, column: origin.column });
  }

  addGroup(g: SecurityGroup): void {
    this.groups.set(g.id, g);
    this.network.groups.push(g);
  }

  /** The group a standalone rule resource names in `security_group_id`; undefined (and a warning) when not known statically. */
  ruleGroup(groupId: string | import('../../../model/unknown.js').Unknown | undefined, address: string, origin: Origin): SecurityGroup | undefined {
    if (typeof groupId !== 'string') {
      this.warn(origin, `${address}: the group it attaches to is not known statically; its rule is not checked`);
      return undefined;
    }
    return this.groupFor(groupId.startsWith('arn:sglint:') ? groupId.slice('arn:sglint:'.length) : groupId, origin);
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
