import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { append } from '../../model/append.js';
import { QUIET, readAccount, type ReadOptions, type ReadResult } from './read.js';

/** What `--role-arn` and `--org` add to the read-only policy (in the accounts that run sglint). */
export const ACCOUNT_ACTIONS = ['sts:AssumeRole', 'organizations:ListAccounts'] as const;

export interface AccountsOptions extends ReadOptions {
  /** Read through this role (`--role-arn`, with `--external-id`). */
  roleArn?: string | undefined;
  externalId?: string | undefined;
  /** Every active account of the organization, through this role name in each (`--org`). */
  orgRole?: string | undefined;
}

export interface AccountsResult extends ReadResult {
  accounts: string[];
}

/**
 * Reads one account, the account behind `--role-arn`, or every active account of an
 * organization (suspended ones are skipped) through a named role, a few accounts at a time.
 * A role that cannot be assumed is a failure of that account; the others go on.
 */
export async function readAccounts(opts: AccountsOptions): Promise<AccountsResult> {
  const endpoint = opts.endpointUrl ? { endpoint: opts.endpointUrl } : {};
  const sts = new STSClient({ region: opts.regions[0] ?? 'us-east-1', maxAttempts: opts.maxAttempts ?? 8, retryMode: 'adaptive', logger: QUIET, ...endpoint });
  const assume = async (roleArn: string): Promise<ReadOptions['credentials']> => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sglint', DurationSeconds: 3600, ...(opts.externalId ? { ExternalId: opts.externalId } : {}) }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, ...(c.Expiration ? { expiration: c.Expiration } : {}) };
  };
  try {
    if (!opts.orgRole) {
      if (!opts.roleArn) return { ...(await readAccount(opts)), accounts: [] };
      try {
        return { ...(await readAccount({ ...opts, credentials: await assume(opts.roleArn), account: accountOf(opts.roleArn) })), accounts: [accountOf(opts.roleArn)] };
      } catch (err) {
        return { snapshot: {}, regions: [], accounts: [], failures: [{ region: '*', message: `cannot assume ${opts.roleArn}: ${short(err)}` }] };
      }
    }
    const org = new OrganizationsClient({ region: 'us-east-1', maxAttempts: opts.maxAttempts ?? 8, retryMode: 'adaptive', logger: QUIET, ...endpoint });
    const accounts: string[] = [];
    try {
      for await (const page of paginateListAccounts({ client: org }, {})) {
        for (const a of page.Accounts ?? []) if ((a.State ?? a.Status) === 'ACTIVE' && a.Id) accounts.push(a.Id);
      }
    } finally {
      org.destroy();
    }
    const results: { account: string; result: ReadResult }[] = [];
    const failures: ReadResult['failures'] = [];
    const queue = [...accounts];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const credentials = await assume(`arn:aws:iam::${id}:role/${opts.orgRole}`);
          results.push({ account: id, result: await readAccount({ ...opts, credentials, account: id }) });
        } catch (err) {
          failures.push({ region: `${id}/*`, message: `cannot assume arn:aws:iam::${id}:role/${opts.orgRole}: ${short(err)}` });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, accounts.length)) }, worker));
    results.sort((a, b) => (a.account < b.account ? -1 : 1));
    const snapshot: Record<string, unknown[]> = {};
    for (const { account, result } of results) {
      for (const [section, items] of Object.entries(result.snapshot)) append((snapshot[section] ??= []), items);
      for (const f of result.failures) failures.push({ region: `${account}/${f.region}`, message: f.message });
    }
    return { snapshot, regions: [...new Set(results.flatMap((r) => r.result.regions))].sort(), failures, accounts: results.map((r) => r.account) };
  } finally {
    sts.destroy();
  }
}

const accountOf = (arn: string): string => /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? arn;
const short = (err: unknown): string => {
  const e = err as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${(e.message ?? String(err)).replace(/(AKIA|ASIA)[A-Z0-9]{12,}/g, '<redacted>')}`;
};
