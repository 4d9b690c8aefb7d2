/**
 * The property and stress checker must be able to fail: it is given the tool's real
 * output for a Dockerfile (which it must explain as intended edits only) and then that
 * output damaged in one way each (a line joined, a comment line or a word lost, an
 * operator changed, text added), which it must report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, EngineOptions, processRoot } from '../src/engine';
import { modelDockerfile } from '../src/dockerfile/model';
import { initShellParser } from '../src/shell/parser';
import { classifyContext, explainChange } from '../property/check';
import { lineStyleProblems } from '../property/classify';
import { ignoreProblems } from '../property/ignores';
import { tempDir } from './helpers';

const INPUT = [
  'FROM debian:bookworm',
  'RUN apt-get update && \\',
  '    # tools for the build',
  '    apt-get install -y --no-install-recommends curl git && \\',
  '',
  '    pip install --no-cache-dir requests && \\',
  '    apt-get clean && \\',
  '    rm -rf /var/lib/apt/lists/*',
  'RUN set -eux; \\',
  '    pip install --no-cache-dir flask; \\',
  '    pip cache purge',
  '',
].join('\n');

const OPTIONS = { ...DEFAULT_OPTIONS, aptKeepDownloaded: false };
let output = '';

/** The tool's output for one Dockerfile. */
async function rewrite(input: string, options: EngineOptions = OPTIONS): Promise<string> {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), input);
  const r = await processRoot({ root: dir }, options);
  const f = r.files.find((x) => x.path === 'Dockerfile')!;
  expect(f.status).toBe('changed');
  return f.after!;
}

/** Everything the checker finds wrong with `after` as a rewrite of `input`. */
function problems(after: string, input = INPUT, options: EngineOptions = OPTIONS): string[] {
  const bm = modelDockerfile('Dockerfile', input);
  const e = explainChange(input, after, classifyContext('dockerfile', bm, options), bm);
  return [...e.soft, ...e.opProblems, ...e.verdicts.flatMap((v) => v.problems), ...lineStyleProblems(input, after)];
}

beforeAll(async () => {
  await initShellParser();
  output = await rewrite(INPUT);
});

function damaged(from: string, to: string): string {
  expect(output).toContain(from);
  return output.replace(from, to);
}

test('the tool output is explained as intended edits only', () => {
  // the edits this test relies on did happen
  expect(output).toContain('--mount=type=cache,target=/var/cache/apt');
  expect(output).not.toContain('--no-cache-dir');
  expect(output).not.toContain('apt-get clean');
  expect(output).toContain('# tools for the build');
  expect(problems(output)).toEqual([]);
});

test.each([
  ['a kept comment line is lost', '    # tools for the build\n', ''],
  ['two lines are joined', 'set -eux; \\\n    pip', 'set -eux; pip'],
  ['a kept word is lost', 'curl git', 'curl'],
  ['an operator is changed', 'apt-get update && \\', 'apt-get update; \\'],
  ['a word is added', 'pip install requests', 'pip install --quiet requests'],
  ['a kept command is lost', 'set -eux; \\\n    pip install flask', 'set -eux; \\\n    true'],
  ['a blank line is added', 'set -eux; \\\n', 'set -eux; \\\n\n'],
  ['a blank continuation line is lost', '\\\n\n', '\\\n'],
  ['an indent changes', '    apt-get install', '  apt-get install'],
  ['trailing blanks are added', 'pip install flask\n', 'pip install flask  \n'],
  ['an operator is lost', 'apt-get update && \\', 'apt-get update \\'],
  ['a continuation before a comment line is lost mid-RUN', 'apt-get update && \\\n    # tools', 'apt-get update &&\n    # tools'],
])('the checker reports it when %s', (_what, from, to) => {
  expect(problems(damaged(from, to)).length).toBeGreaterThan(0);
});

test('an added filler is not paired with a `true` kept elsewhere', async () => {
  const input = 'FROM debian:bookworm-slim AS base\r\nRUN --mount=type=cache,target=/root/.cache/pip --network=host rm -rf /root/.cache/pip\r\nRUN pip cache purge || true && \\\r\n    # install the runtime\r\n\r\n    pip install requests\r\nFROM base\r\n';
  const after = await rewrite(input, DEFAULT_OPTIONS);
  expect(after).toContain('--network=host true\r\n');
  expect(problems(after, input, DEFAULT_OPTIONS)).toEqual([]);
});

test('blanks at the end of a RUN go with the cleanup that ended it', async () => {
  const input = 'FROM debian:bookworm-slim\r\nRUN apt-get update; \\  \r\n    rm -rf /root/.cache/pip || true; \\\r\n    apt-get clean || true \r\nRUN --mount=type=cache,target=/var/cache/apt PIP_NO_CACHE_DIR=1 pip install requests\r\n';
  const after = await rewrite(input);
  expect(after).toContain('rm -rf /root/.cache/pip || true\r\nRUN');
  expect(problems(after, input)).toEqual([]);
  // while blanks that go from a line that stays in the RUN are still reported
  expect(problems(after.replace('apt-get update; \\  \r\n', 'apt-get update; \\\r\n'), input).length).toBeGreaterThan(0);
});

test('of two equal alignments, the one that keeps the blanks after a kept operator is chosen', async () => {
  // CI found this: `update && \␠␠` then `clean && \` minus `clean &&` keeps the first `&&`
  // with its trailing blanks; pairing the kept `&&` with the second one saw moved blanks
  const input = 'FROM debian:bookworm-slim AS base\nRUN apt-get update && \\  \n    apt-get clean && \\\n    # clean up\n    apt-get clean && \\\n    apt-get update \nFROM base\n';
  const after = await rewrite(input);
  expect(after).toContain('apt-get update && \\  \n    # clean up\n    apt-get update \n');
  expect(problems(after, input)).toEqual([]);
  // the same output with the blanks moved to the other kept line is still reported
  expect(problems(after.replace('&& \\  \n', '&& \\\n').replace('apt-get update \n', 'apt-get update   \n'), input).length).toBeGreaterThan(0);
});

test('blanks at the end of a file with no final newline go with the cleanup that ended its last RUN', async () => {
  // a survey found this: the last line ` rm … || true ` (no line break after it) went whole
  const input = 'FROM debian:bookworm-slim\nRUN sudo apt-get upgrade -y; \\  \n  pip cache purge || true; \\\n  rm -rf /var/cache/apt/archives/*.deb || true ';
  const after = await rewrite(input, { ...DEFAULT_OPTIONS, aptKeepDownloaded: false });
  expect(after.endsWith('  pip cache purge || true')).toBe(true);
  expect(problems(after, input, { ...DEFAULT_OPTIONS, aptKeepDownloaded: false })).toEqual([]);
  // blanks lost inside the RUN are still reported
  expect(problems(after.replace('-y; \\  \n', '-y; \\\n'), input, { ...DEFAULT_OPTIONS, aptKeepDownloaded: false }).length).toBeGreaterThan(0);
});

describe('ignore comments', () => {
  /** The checker's ignore problems for `after` as a rewrite of `input`. */
  function ignoreProblemsOf(input: string, after: string): string[] {
    const bm = modelDockerfile('Dockerfile', input);
    const am = modelDockerfile('Dockerfile', after);
    const e = explainChange(input, after, classifyContext('dockerfile', bm, OPTIONS), bm);
    return ignoreProblems(input, after, e.verdicts, bm, am);
  }
  const input = [
    'FROM python:3.12-slim',
    '# cachemount ignore=add-cache-mounts',
    'RUN pip install --no-cache-dir flask',
    '# cachemount ignore=keep-cache-on-cleanup',
    'RUN pip install --no-cache-dir rich && rm -rf /root/.cache/pip/*',
    '# cachemount ignore',
    'RUN pip install --no-cache-dir numpy',
    'RUN pip install --no-cache-dir x',
    '',
  ].join('\n');

  test("the tool's output respects them", async () => {
    const after = await rewrite(input);
    expect(ignoreProblemsOf(input, after)).toEqual([]);
  });

  test('a mount, a dropped cleanup or a dropped flag where a comment forbids it is reported', async () => {
    const after = await rewrite(input);
    const mounted = after.replace('RUN pip install --no-cache-dir flask', 'RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --no-cache-dir flask');
    expect(ignoreProblemsOf(input, mounted).join('\n')).toContain('leaves add-cache-mounts out');
    const cleaned = after.replace(' && rm -rf /root/.cache/pip/*', '');
    expect(ignoreProblemsOf(input, cleaned).join('\n')).toContain('leaves keep-cache-on-cleanup out');
    const flag = after.replace('RUN pip install --no-cache-dir numpy', 'RUN pip install numpy');
    expect(ignoreProblemsOf(input, flag).join('\n')).toContain('leaves drop-cache-disabling-flags out');
  });

  test('a file with ignore-file must not change at all', () => {
    const text = '# syntax=docker/dockerfile:1\n# cachemount ignore-file\nFROM python:3.12\nRUN pip install --no-cache-dir x\n';
    expect(ignoreProblems(text, text, [], null, null)).toEqual([]);
    expect(ignoreProblems(text, text.replace(' --no-cache-dir', ''), [], null, null)).toEqual(['the file has a `# cachemount ignore-file` comment but changed']);
  });
});
