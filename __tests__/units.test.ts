/** Unit tests for the pure parts: Dockerfile model helpers, plan helpers, shell edits. */
import { parseMount, scanRunFlags, shellView, joinContainer } from '../src/dockerfile/model';
import { applyEdits, checkOverlaps, Edit } from '../src/edit';
import { deletesDirOrParent, resolvePath } from '../src/plan';
import { collectCommands } from '../src/shell/commands';
import { initShellParser, parseShell } from '../src/shell/parser';
import { planRemovals, ShellSource } from '../src/shell/removal';
import { detectEol, LineTable } from '../src/text';
import { copySegmentMatches, shellSegmentMatches } from '../src/glob';
import { modelDockerfile } from '../src/dockerfile/model';

beforeAll(async () => {
  await initShellParser();
});

function edit(start: number, end: number, text: string): Edit {
  return { file: 'f', start, end, text, transform: 't', reason: 'r' };
}

describe('edits', () => {
  test('apply from the end, insertions at one point keep their order', () => {
    expect(applyEdits('abcdef', [edit(4, 5, 'E'), edit(1, 1, 'x'), edit(1, 1, 'y'), edit(0, 1, '')])).toBe('xybcdEf');
  });
  test('overlapping edits are reported, not merged', () => {
    expect(() => checkOverlaps([edit(0, 3, ''), edit(2, 4, '')])).toThrow(/overlapping/);
    expect(() => checkOverlaps([edit(0, 3, ''), edit(3, 4, '')])).not.toThrow();
  });
});

describe('glob matching', () => {
  test('COPY sources match as Go filepath.Match does', () => {
    expect(copySegmentMatches('*.sh', '.hidden.sh')).toBe(true); // no dotfile rule in Go
    expect(copySegmentMatches('in?tall.sh', 'install.sh')).toBe(true);
    expect(copySegmentMatches('[^a]x', 'bx')).toBe(true);
    expect(copySegmentMatches('[^a]x', 'ax')).toBe(false);
    expect(copySegmentMatches('a\\*b', 'a*b')).toBe(true);
    expect(copySegmentMatches('a\\*b', 'axb')).toBe(false);
    expect(copySegmentMatches('{a,b}.sh', 'a.sh')).toBe(false); // no braces in Go
    expect(copySegmentMatches('[section', '[section')).toBe(true); // malformed: no throw
  });
  test('rm operands match as the shell globs, without dotglob', () => {
    expect(shellSegmentMatches('*', '.cache')).toBe(false);
    expect(shellSegmentMatches('.c*', '.cache')).toBe(true);
    expect(shellSegmentMatches('*-old', 'templates.dat-old')).toBe(true);
    expect(shellSegmentMatches('[unclosed', 'x')).toBe(false);
  });
  test('a COPY heredoc has no sources, and its file hides what was copied there before', () => {
    const m = modelDockerfile('Dockerfile', 'FROM debian\nCOPY a.sh /opt/a.sh\nCOPY <<EOF /opt/a.sh\n[x\n*\nEOF\nRUN sh /opt/a.sh\n');
    const copies = m.runs[0].copies;
    expect(copies.map((c) => [c.sources, c.dest, c.fromOtherStage])).toEqual([
      [['a.sh'], '/opt/a.sh', false],
      [['EOF'], '/opt/a.sh', true],
    ]);
  });
});

describe('text', () => {
  test('line endings and line table', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb')).toBe('\n');
    const t = new LineTable('ab\r\ncd\ne');
    expect(t.offsetAt(1, 1)).toBe(5);
    expect(t.lineOf(6)).toBe(1);
    expect(t.lineOf(7)).toBe(2);
  });
});

describe('Dockerfile model helpers', () => {
  test('mount options in any order and spelling', () => {
    for (const v of ['type=cache,target=/var/cache/apt/', 'dst=/var/cache/apt,type=cache,id=x', 'sharing=locked,destination=/var/cache/apt,type=cache']) {
      const m = parseMount(v);
      expect([m.type, m.target]).toEqual(['cache', '/var/cache/apt']);
    }
    expect(parseMount('target=/x').type).toBe('bind');
  });
  test('flags are read across continuation, comment and blank lines', () => {
    const text = 'RUN --mount=type=cache,target=/a \\\n  # note\n\n  --network=host \\\n  echo hi  \n';
    const r = scanRunFlags(text, 3, text.length, '\\');
    expect(r.flags.map((f) => [f.name, f.value])).toEqual([
      ['mount', 'type=cache,target=/a'],
      ['network', 'host'],
    ]);
    expect(text.slice(r.bodyStart, r.bodyEnd)).toBe('echo hi');
  });
  test('the shell view blanks what Docker drops and keeps offsets', () => {
    const body = 'a && \\\n  # c\n\n  b`x';
    const view = shellView(body, 0, body.length, '\\');
    expect(view.length).toBe(body.length);
    expect(view).toBe('a && \\\n' + ' '.repeat(6) + ' ' + '  b`x');
    const bt = 'a && `\n  b';
    expect(shellView(bt, 0, bt.length, '`')).toBe('a && \\\n  b');
  });
  test('container paths join like a shell', () => {
    expect(joinContainer('/app', '../opt/./x')).toBe('/opt/x');
    expect(joinContainer('/app', '/abs')).toBe('/abs');
  });
});

describe('plan helpers', () => {
  test('rm patterns that would delete a mount point or its parents', () => {
    expect(deletesDirOrParent('/root/.cache', '/root/.cache/pip')).toBe(true);
    expect(deletesDirOrParent('/root/*', '/root/.cache/pip')).toBe(false);
    expect(deletesDirOrParent('/var/cache/*', '/var/cache/apt')).toBe(true);
    expect(deletesDirOrParent('/var/cache/apt/*', '/var/cache/apt')).toBe(false);
  });
  test('home-relative rm paths resolve for root; others are unknown', () => {
    const w = (value: string) => ({ value }) as never;
    expect(resolvePath(w('~/.cache/pip'), '/root')).toBe('/root/.cache/pip');
    expect(resolvePath(w('$HOME/.cache/pip/'), '/root')).toBe('/root/.cache/pip');
    expect(resolvePath(w('$CACHE/x'), '/root')).toBeNull();
    expect(resolvePath(w('relative/x'), '/root')).toBeNull();
  });
});

describe('shell edits', () => {
  const remove = (text: string, names: string[], kind: 'run' | 'script' = 'script'): string => {
    const tree = parseShell(text);
    const { commands } = collectCommands(tree);
    const targets = commands.filter((c) => names.includes(`${c.name} ${c.args[0]?.value ?? ''}`.trim())).map((c) => c.node);
    const src: ShellSource = { view: text, original: text, base: 0, kind, eol: '\n' };
    const { changes } = planRemovals(src, targets, []);
    return applyEdits(text, changes.map((c) => edit(c.start, c.end, c.text)));
  };
  test('&& chains lose a member from the middle, the front and the end', () => {
    expect(remove('a && b clean && c', ['b clean'], 'run')).toBe('a && c');
    expect(remove('b clean && a && c', ['b clean'], 'run')).toBe('a && c');
    expect(remove('a && c && b clean', ['b clean'], 'run')).toBe('a && c');
  });
  test('x || true goes as a unit; a whole RUN body leaves true', () => {
    expect(remove('a; b clean || true; c', ['b clean'], 'run')).toBe('a; c');
    expect(remove('b clean', ['b clean'], 'run')).toBe('true');
  });
  test('an emptied block gets :', () => {
    expect(remove('f() {\n  b clean\n}\n', ['b clean'])).toBe('f() {\n  :\n}\n');
    expect(remove('if x; then b clean; fi\n', ['b clean'])).toBe('if x; then :; fi\n');
  });
  test('a chain inside a pipeline or mixed with || is left alone', () => {
    expect(remove('a | b clean\n', ['b clean'])).toBe('a | b clean\n');
    expect(remove('a || b clean && c\n', ['b clean'])).toBe('a || b clean && c\n');
  });
});

describe('transform ids', () => {
  test('the id list read without loading transforms is the transforms, in order, each with a docs section', () => {
    const { TRANSFORMS } = require('../transforms') as typeof import('../transforms');
    const { TRANSFORM_IDS } = require('../transforms/ids') as typeof import('../transforms/ids');
    expect([...TRANSFORM_IDS]).toEqual(TRANSFORMS.map((t) => t.id));
    const docs: string = require('fs').readFileSync(require('path').join(__dirname, '..', 'docs', 'transforms.md'), 'utf8');
    for (const id of TRANSFORM_IDS) expect(docs).toContain(`\n## ${id}\n`);
  });
});

describe('second parser', () => {
  test('instances reused across parses (and replaced when spent) answer as sh-syntax parse() does on a fresh one', async () => {
    const { secondParserProblem, topLevelStatements, instancesStarted } = require('../src/shell/second-parser') as typeof import('../src/shell/second-parser');
    const before = instancesStarted();
    const lib = require('sh-syntax') as typeof import('sh-syntax');
    const texts: string[] = [];
    for (let i = 0; i < 120; i++) {
      const body = 'apt-get update && apt-get install -y pkg' + i + ' \\\n  && rm -rf /var/lib/apt/lists/*\n';
      texts.push(
        i % 5 === 0 ? `if true; then echo ${i}\n` : i % 7 === 0 ? `shopt -s extglob\nrm -rf !(keep) && [[ -n "$X" || -z "$Y" ]] && echo é${i}\n` : body.repeat(1 + (i % 80)),
      );
    }
    let bytes = 0;
    for (const text of texts) {
      bytes += Buffer.byteLength(text);
      let expected: string | null = null;
      let stmts: Array<[number, number]> | null = null;
      try {
        const file = (await lib.parse(text)) as unknown as { Stmts?: Array<{ Pos: { Offset: number }; End: { Offset: number } }> };
        stmts = (file.Stmts ?? []).map((s) => [s.Pos.Offset, s.End.Offset]);
      } catch (e) {
        expected = String((e as Error).message).split('\n')[0];
      }
      expect(await secondParserProblem(text)).toBe(expected);
      const ours = await topLevelStatements(text);
      // byte offsets equal character offsets for ASCII texts
      if (stmts && !/[^\x00-\x7f]/.test(text)) expect(ours).toEqual(stmts);
      else expect(ours === null).toBe(stmts === null);
    }
    // far more input than one instance parses before it is replaced
    expect(bytes).toBeGreaterThan(200 * 1024);
    expect(instancesStarted() - before).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
