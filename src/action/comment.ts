import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** GitHub rejects an issue comment longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** Retries of one request on a rate limit, primary or secondary, before giving up. */
const RATE_LIMIT_RETRIES = 3;

export interface CommentTarget {
  token: string;
  owner: string;
  repo: string;
  pr: number;
  /** Which sglint job the comment belongs to (the SARIF category): two jobs keep two comments. */
  key: string;
}

export type CommentOutcome =
  | { action: 'created' | 'updated'; id: number; url: string }
  | { action: 'none'; reason: string }
  | { action: 'failed'; reason: string; readOnly: boolean };

/** The hidden first line by which the comment is found again on the next run. */
export const marker = (key: string): string => `<!-- sglint-comment ${key.replace(/-->|[\r\n]/g, '')} -->`;

interface ApiError {
  status?: number;
  message?: string;
}

/**
 * The one sticky pull-request comment: found by its marker among the pull request's comments,
 * updated in place when it exists, created when it does not and there is something to say
 * (`news`), and left alone when there is neither. Rate limits are waited out and retried;
 * any other failure is returned, never thrown: the comment is a convenience, the job summary
 * holds the same report.
 */
export async function upsertComment(t: CommentTarget, body: string, news: boolean): Promise<CommentOutcome> {
  const octokit = getOctokit(t.token, {
    throttle: {
      onRateLimit: (after: number, o: { method: string; url: string }, _k: unknown, count: number) => wait('rate limit', after, o, count),
      onSecondaryRateLimit: (after: number, o: { method: string; url: string }, _k: unknown, count: number) => wait('secondary rate limit', after, o, count),
    },
    retry: { retries: 2 },
  }, retry, throttling);
  const head = marker(t.key);
  const text = fit(`${head}\n${body}`);
  try {
    let found: { id: number } | undefined;
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.pr, per_page: 100 });
    for await (const page of pages) {
      found = page.data.find((c) => (c.body ?? '').startsWith(head));
      if (found) break;
    }
    if (found) {
      const r = await octokit.rest.issues.updateComment({ owner: t.owner, repo: t.repo, comment_id: found.id, body: text });
      return { action: 'updated', id: r.data.id, url: r.data.html_url };
    }
    if (!news) return { action: 'none', reason: 'nothing to report and no earlier comment' };
    const r = await octokit.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: t.pr, body: text });
    return { action: 'created', id: r.data.id, url: r.data.html_url };
  } catch (err) {
    const e = err as ApiError;
    // 403 "Resource not accessible by integration": a read-only token (a fork's pull request, or no pull-requests: write).
    const readOnly = e.status === 403 || e.status === 404;
    return { action: 'failed', readOnly, reason: `${e.status ? `HTTP ${e.status}: ` : ''}${(e.message ?? String(err)).split('\n')[0]!.slice(0, 200)}` };
  }
}

function wait(what: string, after: number, o: { method: string; url: string }, count: number): boolean {
  if (count >= RATE_LIMIT_RETRIES) return false;
  core.info(`sglint: GitHub ${what} on ${o.method} ${o.url}; retrying in ${after}s`);
  return true;
}

/** Over GitHub's limit the report is cut at a line and says so. */
function fit(text: string): string {
  if (text.length <= COMMENT_LIMIT) return text;
  const note = '\n\n… cut to fit GitHub\'s comment size limit; the job summary and the SARIF report hold everything.\n';
  let cut = text.slice(0, COMMENT_LIMIT - note.length - 200);
  cut = cut.slice(0, cut.lastIndexOf('\n'));
  // An open code fence (the mermaid graph) is closed, so the rest of the comment renders.
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '\n```';
  return cut + note;
}
