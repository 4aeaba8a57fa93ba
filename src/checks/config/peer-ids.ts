/**
 * Other scanners' check ids -> the sglint rules that cover the same concern, so a team's
 * existing `checkov:skip=` / `tfsec:ignore:` / `trivy:ignore:` comments keep working
 * (the ids each peer documents for its security-group checks). Ids are matched case-insensitively.
 */
const INGRESS_ADMIN = ['ssh-open-to-internet', 'rdp-open-to-internet', 'all-ports-open-to-internet', 'all-protocols-open-to-internet'];

const CHECKOV: Record<string, string[]> = {
  CKV_AWS_24: ['ssh-open-to-internet', 'all-ports-open-to-internet', 'all-protocols-open-to-internet'],
  CKV_AWS_25: ['rdp-open-to-internet', 'all-ports-open-to-internet', 'all-protocols-open-to-internet'],
  CKV_AWS_260: ['unauthorized-port-open-to-internet', 'all-ports-open-to-internet', 'all-protocols-open-to-internet'],
  CKV_AWS_277: ['all-ports-open-to-internet', 'all-protocols-open-to-internet'],
  CKV_AWS_382: ['unrestricted-egress'],
  CKV_AWS_229: ['nacl-admin-port-open-to-internet'],
  CKV_AWS_230: ['nacl-admin-port-open-to-internet'],
  CKV_AWS_231: ['nacl-admin-port-open-to-internet'],
  CKV_AWS_232: ['nacl-admin-port-open-to-internet'],
  CKV_AWS_352: ['nacl-allows-all-traffic'],
  CKV2_AWS_1: ['unused-nacl'],
  CKV2_AWS_5: ['unused-security-group'],
  CKV2_AWS_12: ['default-security-group-has-rules'],
  CKV_AWS_148: ['default-vpc-in-use'],
  CKV_AWS_196: ['classic-security-group'],
  CKV_AWS_198: ['classic-security-group'],
  CKV_AWS_23: ['security-group-missing-description', 'rule-missing-description'],
  CKV_AWS_88: ['instance-public-ip'],
  CKV_AWS_130: ['subnet-auto-assigns-public-ip'],
  CKV2_AWS_44: ['peering-route-to-internet'],
  CKV_OPENSTACK_2: ['ssh-open-to-internet'],
  CKV_OPENSTACK_3: ['rdp-open-to-internet'],
};

/** Trivy ids, their AVD- aliases and long ids (trivy-checks metadata). */
const TRIVY: [string[], string[]][] = [
  [['AWS-0107', 'aws-ec2-no-public-ingress-sgr', 'no-public-ingress-sgr'], INGRESS_ADMIN],
  [['AWS-0104', 'aws-ec2-no-public-egress-sgr', 'aws-vpc-no-public-egress-sgr', 'no-public-egress-sgr'], ['unrestricted-egress']],
  [['AWS-0105', 'aws-ec2-no-public-ingress-acl', 'aws-vpc-no-public-ingress-acl', 'no-public-ingress-acl'], ['nacl-admin-port-open-to-internet']],
  [['AWS-0102', 'aws-ec2-no-excessive-port-access', 'aws-vpc-no-excessive-port-access', 'no-excessive-port-access'], ['nacl-allows-all-traffic']],
  [['AWS-0173', 'aws-ec2-restrict-all-in-default-sg', 'restrict-all-in-default-sg'], ['default-security-group-has-rules']],
  [['AWS-0099', 'aws-ec2-add-description-to-security-group', 'aws-vpc-add-description-to-security-group'], ['security-group-missing-description']],
  [['AWS-0124', 'aws-ec2-add-description-to-security-group-rule', 'aws-vpc-add-description-to-security-group-rule'], ['rule-missing-description']],
  [['AWS-0101', 'aws-ec2-no-default-vpc', 'aws-vpc-no-default-vpc'], ['default-vpc-in-use']],
  [['AWS-0009', 'aws-ec2-no-public-ip', 'aws-autoscaling-no-public-ip'], ['instance-public-ip']],
  // Trivy lists aws-vpc-no-public-ingress-sgr as an alias of AWS-0164 (peer-rules.md §1.2).
  [['AWS-0164', 'aws-ec2-no-public-ip-subnet', 'aws-vpc-no-public-ingress-sgr'], ['subnet-auto-assigns-public-ip']],
  [['AWS-0085', 'aws-redshift-no-classic-resources'], ['classic-security-group']],
];

/** tfsec's own ids: what the user meant when they wrote the comment, before Trivy re-aliased them. */
const TFSEC_ONLY: Record<string, string[]> = {
  'aws-vpc-no-public-ingress-sgr': INGRESS_ADMIN,
};

const TRIVY_INDEX = new Map<string, string[]>();
for (const [ids, rules] of TRIVY) for (const id of ids) {
  TRIVY_INDEX.set(id.toLowerCase(), rules);
  if (id.startsWith('AWS-')) TRIVY_INDEX.set(`avd-${id.toLowerCase()}`, rules);
}

/** The sglint rules a peer marker names; `*` (Trivy) means every rule; undefined = an id sglint has no equivalent for. */
export function peerRules(tool: 'checkov' | 'tfsec' | 'trivy', id: string): string[] | '*' | undefined {
  if (tool === 'checkov') return CHECKOV[id.toUpperCase()];
  if (id === '*') return '*';
  const lower = id.toLowerCase();
  if (tool === 'tfsec' && TFSEC_ONLY[lower]) return TFSEC_ONLY[lower];
  return TRIVY_INDEX.get(lower);
}

/** Every mapping, for the docs. */
export const PEER_ID_TABLE = { checkov: CHECKOV, trivy: TRIVY, tfsec: TFSEC_ONLY };
