import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { diff } from '../../src/checks/pipeline/diff.js';
import { loadInputs } from '../../src/checks/pipeline/inputs.js';
import { scan } from '../../src/checks/pipeline/scan.js';
import { guardLines, mdCode, mdText, mermaidLabel, plain } from '../../src/report/escape.js';
import { exposureJsonChunks, formatExplanation, formatExposureMarkdown, formatExposureText } from '../../src/report/exposure.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText, formatGithub, formatJson, formatMarkdown, formatSarif, formatText } from '../../src/report/index.js';
import { explain, solve } from '../../src/solver/index.js';
import { HOSTILE, hostileSnapshot } from './hostile-input.js';

const common = { vars: { vars: [], varFiles: [] }, rules: builtinRules, env: {}, toolVersion: '0.1.0', configFile: undefined };

/** Terminal control: ESC, BEL, CR, C1 controls, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** A line the GitHub runner would take for a workflow command (it trims leading blanks). */
const COMMAND_LINE = /^\s*(::|##\[)/m;

/** The markdown with every code span removed, CommonMark's way (a run of n backticks closes only on n). */
function outsideCodeSpans(md: string): string {
  return md.replace(/```mermaid[\s\S]*?```/g, '').replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, ' ');
}

function assertText(name: string, text: string): void {
  assert.doesNotMatch(text, RAW_CONTROL, `${name}: a raw control character`);
  assert.doesNotMatch(text, COMMAND_LINE, `${name}: a line that is a workflow command`);
}

function assertMarkdown(name: string, md: string): void {
  assertText(name, md);
  const prose = outsideCodeSpans(md);
  assert.doesNotMatch(prose, /<(?!br>)[a-z/!]/i, `${name}: raw HTML outside code spans (only our own <br> line breaks)`);
  for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
    // GFM splits a row at every unescaped pipe, code span or not: each row keeps its column count.
    const cells = line.replace(/\\\|/g, '').split('|').length;
    const header = md.split('\n').find((l) => l.startsWith('| ') && !l.includes('---'))!;
    assert.ok(cells <= header.split('|').length, `${name}: a row with more cells than its header: ${line}`);
  }
  for (const block of md.match(/```mermaid\n[\s\S]*?```/g) ?? []) assertMermaid(name, block);
}

function assertMermaid(name: string, block: string): void {
  for (const line of block.split('\n').slice(2, -1)) {
    assert.match(line, /^ {2}(n\d+\["[^"`<>#|[\]]*(#\d+;[^"`<>#|[\]]*)*"\]|internet\(\("internet"\)\)|\w+ -->(\|[^|"]*\|)? \w+|classDef \w+ [^"]*|class [\w,]+ \w+)$/, `${name}: mermaid line ${JSON.stringify(line)}`);
  }
}

describe('every output format escapes hostile names from the input', async () => {
  const { file } = hostileSnapshot();
  const cwd = path.dirname(file);
  const { report } = await scan({ ...common, paths: [file], cwd });
  const input = await loadInputs([file], { vars: [], varFiles: [] }, cwd);
  const sol = solve(input.network);
  const targets = sol.endpoints().map((e) => sol.exposure(e));
  const emptyBase = path.join(cwd, 'empty.json');
  fs.writeFileSync(emptyBase, '{"Vpcs":[],"SecurityGroups":[],"NetworkInterfaces":[]}');
  const d = await diff({ ...common, base: emptyBase, head: file, paths: [], cwd });
  assert.ok(!('error' in d));

  it('the hostile interfaces are really in every report (the test reaches them)', () => {
    assert.equal(targets.filter((x) => x.hopsFromInternet === 0).length, Object.keys(HOSTILE).length);
    assert.ok(report.findings.length > 0);
    assert.equal(d.opened.length, Object.keys(HOSTILE).length);
  });

  it('text, diff text, exposure text and explain: no control characters, no workflow-command lines', () => {
    assertText('text', formatText(report, { color: false }));
    // eslint-disable-next-line no-control-regex -- the colours sglint itself writes are allowed
    assertText('text (color)', formatText(report, { color: true }).replace(/\u001b\[\d+m/g, ''));
    assertText('diff text', formatDiffText(d));
    const exposure = formatExposureText({ targets, diagnostics: [] });
    assertText('exposure text', exposure);
    // Made visible, not dropped: a reader sees what the name really is.
    assert.ok(exposure.includes('eni-\\x1b[31mred'));
    assert.ok(exposure.includes('eni-x\\x0d\\x0a::error file=a.tf'));
    for (const id of Object.values(HOSTILE)) {
      const e = explain(sol, { target: id });
      assert.ok(!('error' in e), id);
      assertText(`explain ${JSON.stringify(id)}`, formatExplanation(e));
    }
  });

  it('github annotations: the only commands are sglint\'s, with the data escaped inside them', () => {
    const out = formatGithub(report);
    assert.doesNotMatch(out, RAW_CONTROL);
    for (const line of out.split('\n').filter((l) => COMMAND_LINE.test(l))) assert.match(line, /^::(error|warning|notice) [^\n]*::[^\n]*$/);
    assert.doesNotMatch(out, /^::error file=a\.tf/m);
    assert.doesNotMatch(out, /^##\[error\]/m);
  });

  it('markdown, diff markdown and exposure markdown: code spans hold, no raw HTML, tables keep their columns, mermaid labels stay labels', () => {
    assertMarkdown('markdown', formatMarkdown(report));
    assertMarkdown('diff markdown', formatDiffMarkdown(d));
    const md = formatExposureMarkdown({ targets, diagnostics: [] });
    assertMarkdown('exposure markdown', md);
    assert.ok(md.includes('```mermaid'));
  });

  it('JSON, diff JSON, exposure JSON and SARIF: the names round-trip exactly', () => {
    const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();
    const want = Object.values(HOSTILE).sort();
    assert.deepEqual(ids((JSON.parse(Buffer.concat([...exposureJsonChunks(sol, [])]).toString()) as { targets: { id: string }[] }).targets), want);
    assert.deepEqual(ids((JSON.parse(formatDiffJson(d)) as { exposure: { opened: { id: string }[] } }).exposure.opened), want);
    const json = JSON.parse(formatJson(report)) as { findings: { targets: string[] }[] };
    assert.deepEqual([...new Set(json.findings.flatMap((f) => f.targets))].filter((t) => t.startsWith('eni-')).sort(), want);
    // SARIF messages are what code scanning displays: shown escaped, like the text report.
    const sarif = JSON.parse(formatSarif(report)) as { runs: { results: { message: { text: string } }[] }[] };
    const messages = sarif.runs[0]!.results.map((r) => r.message.text);
    assert.ok(messages.some((m) => m.startsWith('eni-\\x1b[31mred')));
    for (const m of messages) assert.doesNotMatch(m, RAW_CONTROL);
  });
});

describe('escape functions', () => {
  it('plain: controls and invisible reordering characters become visible escapes; other text is kept', () => {
    assert.equal(plain('a\u001b[2Jb\r\nc\u202ed\u0085é→'), 'a\\x1b[2Jb\\x0d\\x0ac\\u202ed\\x85é→');
    assert.equal(plain('aws_instance.web["a b"]'), 'aws_instance.web["a b"]');
  });

  it('guardLines: a line starting (after blanks) with :: or ##[ gets its first character escaped; others are untouched', () => {
    assert.equal(guardLines('ok\n  ::error::x\n##[group]y\na ::error::z'), 'ok\n  \\x3a:error::x\n\\x23#[group]y\na ::error::z');
  });

  it('mdCode: the fence is longer than any backtick run inside; pipes escaped; padded when needed', () => {
    assert.equal(mdCode('plain'), '`plain`');
    assert.equal(mdCode('a`b'), '``a`b``');
    assert.equal(mdCode('`x``'), '``` `x`` ```');
    assert.equal(mdCode('a|b\nc'), '`a\\|b c`');
    assert.equal(mdCode('<script>'), '`<script>`');
  });

  it('mdText: markdown and HTML meaning removed, mentions defused, plain words kept', () => {
    assert.equal(mdText('allow tcp/22 from 0.0.0.0/0'), 'allow tcp/22 from 0.0.0.0/0');
    assert.equal(mdText('<img src=x onerror=alert(1)> & [a](javascript:x) *b* `c` |d|'), '&lt;img src=x onerror=alert(1)> &amp; \\[a\\](javascript:x) \\*b\\* \\`c\\` \\|d\\|');
    assert.equal(mdText('# heading'), '\\# heading');
    assert.equal(mdText('cc @octocat'), 'cc @\u200boctocat');
  });

  it('mermaidLabel: quotes, brackets, pipes, entities, backticks and HTML become #code; entities', () => {
    assert.equal(mermaidLabel('a"]-->b[<i>`#1;|'), 'a#34;#93;--#62;b#91;#60;i#62;#96;#35;1#59;#124;');
    assert.equal(mermaidLabel('web\r\n\u001b[0m'), 'web #91;0m');
  });
});
