import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { append } from '../../model/append.js';
import { READ_STATUS, type ReadStatus } from '../awscli/sections.js';
import { failureText } from './errors.js';
import { makeClient, readAccount, type ReadOptions, type ReadResult } from './read.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, noFaults } from './transport.js';

/** What `--role-arn` and `--org` add to the read-only policy (in the accounts that run sglint). */
export const ACCOUNT_ACTIONS = ['sts:AssumeRole', 'organizations:ListAccounts'] as const;

export interface AccountsOptions extends ReadOptions {
  /** Read through this role (`--role-arn`, with `--external-id`). */
  roleArn?: string | undefined;
  externalId?: string | undefined;
  /** Every active account of the organization, through this role name in each (`--org`). */
  orgRole?: string | undefined;
  /** What is done in each account and its regions (default: read them; --check-permissions: probe them). */
  reader?: (opts: ReadOptions) => Promise<ReadResult>;
}

export interface AccountsResult extends ReadResult {
  accounts: string[];
}

/**
 * Reads one account, the account behind `--role-arn`, or every active account of an
 * organization (suspended ones are skipped) through a named role, a few accounts at a time.
 * A role that cannot be assumed is a failure of that account, recorded in the snapshot's read
 * record; the others go on. Assumed credentials are a provider: a client made after they
 * expire (see readRegion) assumes the role again.
 */
export async function readAccounts(opts: AccountsOptions): Promise<AccountsResult> {
  const faults = opts.faults ?? noFaults();
  const reader = opts.reader ?? readAccount;
  const timeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const sts = makeClient(STSClient, { ...opts, credentials: undefined }, opts.regions[0] ?? 'us-east-1', faults);
  const assume = async (roleArn: string): Promise<AwsCredentials> => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sglint', DurationSeconds: 3600, ...(opts.externalId ? { ExternalId: opts.externalId } : {}) }), { abortSignal: opts.signal } as never);
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, ...(c.Expiration ? { expiration: c.Expiration } : {}) };
  };
  /** Assumes the role once up front (a denied role fails the account at once), then again whenever a new client asks. */
  const provider = async (roleArn: string): Promise<() => Promise<AwsCredentials>> => {
    let first: AwsCredentials | undefined = await assume(roleArn);
    return async () => {
      const c = first ?? (await assume(roleArn));
      first = undefined;
      return c;
    };
  };
  const denied = (account: string, roleArn: string, err: unknown): { failure: ReadResult['failures'][number]; status: ReadStatus } => {
    const message = `cannot assume ${roleArn}: ${failureText('sts:AssumeRole', err, timeout)}; nothing of account ${account} was read`;
    return { failure: { region: `${account}/*`, message }, status: { Account: account, Region: '*', ReadAt: new Date().toISOString(), Calls: [{ Call: 'sts:AssumeRole', Section: '', Status: 'failed', Error: message }] } };
  };
  const withStatus = (r: ReadResult, accounts: string[], extra: ReadStatus[]): AccountsResult => {
    const status = [...r.status, ...extra];
    return { ...r, snapshot: { ...r.snapshot, [READ_STATUS]: status }, status, accounts };
  };
  try {
    if (!opts.orgRole) {
      if (!opts.roleArn) return { ...(await reader({ ...opts, faults })), accounts: [] };
      const account = accountOf(opts.roleArn);
      let credentials;
      try {
        credentials = await provider(opts.roleArn);
      } catch (err) {
        const d = denied(account, opts.roleArn, err);
        return { snapshot: { [READ_STATUS]: [d.status] }, regions: [], accounts: [], failures: [d.failure], status: [d.status], faults };
      }
      return { ...(await reader({ ...opts, faults, credentials, account })), accounts: [account] };
    }
    const org = makeClient(OrganizationsClient, { ...opts, regions: ['us-east-1'] }, 'us-east-1', faults, true);
    const accounts: string[] = [];
    try {
      for await (const page of paginateListAccounts({ client: org }, {}, { abortSignal: opts.signal } as never)) {
        for (const a of page.Accounts ?? []) if ((a.State ?? a.Status) === 'ACTIVE' && a.Id) accounts.push(a.Id);
      }
    } catch (err) {
      const message = `cannot list the organization's accounts: ${failureText('organizations:ListAccounts', err, timeout)}; no account was read`;
      const status: ReadStatus = { Region: '*', ReadAt: new Date().toISOString(), Calls: [{ Call: 'organizations:ListAccounts', Section: '', Status: 'failed', Error: message }] };
      return { snapshot: { [READ_STATUS]: [status] }, regions: [], accounts: [], failures: [{ region: '*', message }], status: [status], faults };
    } finally {
      org.destroy();
    }
    const results: { account: string; result: ReadResult }[] = [];
    const refused: ReturnType<typeof denied>[] = [];
    const queue = [...accounts];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const roleArn = `arn:aws:iam::${id}:role/${opts.orgRole}`;
        let credentials;
        try {
          credentials = await provider(roleArn);
        } catch (err) {
          refused.push(denied(id, roleArn, err));
          continue;
        }
        results.push({ account: id, result: await reader({ ...opts, faults, credentials, account: id }) });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, accounts.length)) }, worker));
    results.sort((a, b) => (a.account < b.account ? -1 : 1));
    refused.sort((a, b) => (a.failure.region < b.failure.region ? -1 : 1));
    const snapshot: Record<string, unknown[]> = {};
    const failures: ReadResult['failures'] = refused.map((r) => r.failure);
    for (const { result } of results) {
      for (const [section, items] of Object.entries(result.snapshot)) if (section !== READ_STATUS) append((snapshot[section] ??= []), items);
      failures.push(...result.failures);
    }
    const merged: ReadResult = { snapshot, regions: [...new Set(results.flatMap((r) => r.result.regions))].sort(), failures, status: results.flatMap((r) => r.result.status), faults };
    return withStatus(merged, results.map((r) => r.account), refused.map((r) => r.status));
  } finally {
    sts.destroy();
  }
}

type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration?: Date };
const accountOf = (arn: string): string => /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? arn;
