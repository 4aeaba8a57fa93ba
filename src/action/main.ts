import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { builtinRules } from '../../rules/index.js';
import { failingFindings, failOnProblem } from '../checks/fail-on.js';
import { findConfig } from '../checks/config/load-config.js';
import { InputFiles } from '../ingest/files/input-files.js';
import { diff } from '../checks/pipeline/diff.js';
import { materializeRef } from '../checks/pipeline/git-tree.js';
import { scan } from '../checks/pipeline/scan.js';
import type { ScanReport } from '../checks/pipeline/types.js';
import { formatDiffMarkdown, formatGithub, formatMarkdown, formatSarif, formatText } from '../report/index.js';
import { mdText } from '../report/escape.js';
import { toolVersion } from '../report/tool-version.js';
import { upsertComment } from './comment.js';
import { repositoryLocations } from '../report/sarif-locations.js';

/** package.json's version: read where the Action runs (its checkout holds package.json). */
export const VERSION = toolVersion();

interface Event {
  pull_request?: { number?: number; base?: { sha?: string; ref?: string }; head?: { sha?: string; repo?: { full_name?: string; fork?: boolean } } };
  repository?: { full_name?: string };
}

/**
 * The GitHub Action. On a pull request it compares the head (the checked-out workspace) with
 * the base commit, read with `git archive`, using the base's configuration and custom rules, so
 * code from the pull request is never run; it annotates what the change adds and writes a job
 * summary and SARIF. On push and schedule it reports the whole state.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env, out: { write(s: string): unknown } = process.stdout): Promise<void> {
  const workspace = path.resolve(env['GITHUB_WORKSPACE'] ?? process.cwd());
  const failOn = core.getInput('fail-on') || 'high';
  const problem = failOnProblem(failOn, 'fail-on');
  if (problem) {
    core.setFailed(problem);
    return;
  }
  const paths = core.getInput('paths').split(/\s+/).filter(Boolean);
  const format = core.getInput('format') || 'github';
  const sarifInput = core.getInput('sarif');
  const category = core.getInput('category') || 'sglint/iac/';
  const configInput = core.getInput('config');
  const rootInput = core.getInput('root');
  const event = readEvent(env);
  const pullRequest = !!env['GITHUB_EVENT_NAME']?.startsWith('pull_request');
  const base = core.getInput('diff-base') || (pullRequest ? event.pull_request?.base?.sha ?? '' : '');
  if (pullRequest && !base) {
    // Without the base there is no trusted configuration: the head's must not be used.
    core.setFailed('cannot tell the base commit of this pull request (no pull_request.base.sha in the event); set the diff-base input');
    return;
  }
  const root = rootInput ? path.resolve(workspace, rootInput) : undefined;
  const common = { vars: { vars: [], varFiles: [], ...downloadSettings(env, event) }, rules: builtinRules, env, toolVersion: VERSION, today: env['SGLINT_TODAY'], root };

  let report: ScanReport;
  let reported: ScanReport;
  let opened = 0;
  if (base) {
    const tree = materializeRef(base, workspace);
    if ('error' in tree) {
      core.setFailed(`cannot read the base ${base}: ${tree.error} (check out with fetch-depth: 0)`);
      return;
    }
    try {
      // The base's config and custom rules judge both sides: a pull request can neither disable them
      // nor run code. No config in the base means built-in rules, never the head's config.
      const baseConfig = trustedConfig(configInput, tree);
      // The base is read into a temporary folder: its module root is the same folder there (or the root input, mapped into it).
      const baseRoot = root ? path.resolve(tree.dir, path.relative(workspace, root)) : tree.root;
      const d = await diff({ ...common, base: tree.dir, head: workspace, paths, cwd: workspace, configFile: baseConfig, configRoot: tree.root, noConfig: !baseConfig, baseRoot });
      if ('error' in d) {
        core.setFailed(d.error);
        return;
      }
      report = d.head;
      reported = { ...d.head, findings: d.added, summary: { ...d.head.summary, findings: d.added.length } };
      opened = d.opened.length;
      const markdown = formatDiffMarkdown(d);
      const news = d.added.length > 0 || d.opened.length > 0;
      const note = wantComment(env) ? await comment(env, event, category, markdown, news) : '';
      if (env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(markdown + note).write();
    } finally {
      tree.cleanup();
    }
  } else {
    const baseline = core.getInput('baseline');
    // The checked-out content runs no code unless the workflow opts in (custom-rules: true).
    const customRules = core.getInput('custom-rules').trim().toLowerCase() === 'true';
    report = (await scan({ ...common, paths: paths.length ? paths : ['.'], cwd: workspace, configFile: configInput || undefined, baseline: baseline || undefined, noCustomRules: !customRules })).report;
    reported = report;
    if (env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(formatMarkdown(report)).write();
  }

  out.write(format === 'text' ? formatText(reported, { color: false }) : formatGithub(reported));
  let sarifFile = '';
  if (sarifInput) {
    sarifFile = path.resolve(workspace, sarifInput);
    fs.mkdirSync(path.dirname(sarifFile), { recursive: true });
    fs.writeFileSync(sarifFile, formatSarif(report, { category, location: repositoryLocations(workspace) }));
  }
  core.setOutput('sarif-file', sarifFile);
  core.setOutput('findings', String(reported.findings.length));
  core.setOutput('exposure-opened', String(opened));

  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    core.setFailed(`${errors.length} input error(s): ${errors.slice(0, 3).map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.message}`).join('; ')}`);
    return;
  }
  const failing = failingFindings(reported.findings, failOn);
  if (failing.length) core.setFailed(`${failing.length} ${base ? 'new ' : ''}finding${failing.length === 1 ? '' : 's'} at or above ${failOn}`);
}

/**
 * Input `download-modules`. A fork's pull request never downloads: its module sources (and a
 * registry answer they lead to) would make the runner fetch whatever the fork names.
 */
export function downloadSettings(env: NodeJS.ProcessEnv, event: Event): { modules?: { env: NodeJS.ProcessEnv } } {
  if (core.getInput('download-modules').trim().toLowerCase() !== 'true') return {};
  const head = event.pull_request?.head?.repo;
  if (event.pull_request && (head?.fork || (head?.full_name && head.full_name !== event.repository?.full_name))) {
    core.warning('download-modules is off for pull requests from forks: remote modules are not read (commit .terraform/modules or scan a plan instead)');
    return {};
  }
  return { modules: { env } }; // the cache is the runner's ~/.cache/sglint/modules (actions/cache can keep it)
}

/**
 * The configuration of a pull request's base tree: the `config` input inside it, else the
 * `.sglint.yml` found from the scanned folder up to the base's root; undefined (built-in rules)
 * when the base has none, with a notice — never the head's.
 */
function trustedConfig(configInput: string, tree: { dir: string; root: string }): string | undefined {
  const files = new InputFiles(tree.root);
  if (configInput) {
    const file = path.resolve(tree.dir, configInput);
    if (files.contains(file) && files.isFile(file)) return file;
    core.notice(`sglint: the config ${configInput} is not in the base commit; built-in rules with their defaults judge this pull request (the head's configuration is never used)`);
    return undefined;
  }
  const found = findConfig(tree.dir, tree.root);
  if (!found) core.notice("sglint: the base commit has no .sglint.yml; built-in rules with their defaults judge this pull request (the head's configuration is never used)");
  return found;
}

/** Input `comment`: true, false, or empty for "on pull requests". */
function wantComment(env: NodeJS.ProcessEnv): boolean {
  const v = core.getInput('comment').trim().toLowerCase();
  if (v === 'false') return false;
  return v === 'true' || !!env['GITHUB_EVENT_NAME']?.startsWith('pull_request');
}

/**
 * The sticky pull-request comment. Whatever goes wrong (a fork's read-only token, no
 * pull-requests: write), the step does not fail: the job summary holds the same report, and
 * the returned note says there why the comment is missing.
 */
async function comment(env: NodeJS.ProcessEnv, event: Event, category: string, markdown: string, news: boolean): Promise<string> {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const pr = event.pull_request?.number;
  const token = core.getInput('github-token');
  if (!owner || !repo || !pr || !token) {
    core.info('sglint: no pull-request comment (no repository, pull request number or token)');
    return '';
  }
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const run = env['GITHUB_RUN_ID'] ? `[workflow run](${server}/${owner}/${repo}/actions/runs/${encodeURIComponent(env['GITHUB_RUN_ID'])})` : 'workflow run';
  const sha = (event.pull_request?.head?.sha ?? env['GITHUB_SHA'] ?? '').slice(0, 12);
  const clear = news ? '' : '> ✅ **All clear**: nothing this pull request added to the findings or to the exposure is left.\n\n';
  const footer = `\n---\n<sub>sglint ${VERSION} · ${sha ? `commit ${sha} · ` : ''}details in the ${run}'s summary and in code scanning</sub>\n`;
  const r = await upsertComment({ token, owner, repo, pr, key: category }, clear + markdown + footer, news);
  if (r.action === 'created' || r.action === 'updated') {
    core.info(`sglint: pull-request comment ${r.action}: ${r.url}`);
    core.setOutput('comment-url', r.url);
  }
  if (r.action !== 'failed') return '';
  const why = r.readOnly ? 'the token cannot write to the pull request (a pull request from a fork, or no `pull-requests: write`)' : mdText(r.reason);
  core.warning(`sglint: the pull-request comment was not written: ${r.reason}. The job summary holds the report.`);
  return `\n\n> The pull-request comment was not written: ${why}. This summary holds the report.\n`;
}

function readEvent(env: NodeJS.ProcessEnv): Event {
  const file = env['GITHUB_EVENT_PATH'];
  if (!file || !fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Event;
  } catch {
    return {};
  }
}
