import type { Edit } from '../src/edit';
import { isRoot } from '../src/dockerfile/model';
import { lineEndOf, lineStartOf, nextLineStart, previousLineStart } from '../src/text';
import type { Transform, TransformResult } from './types';

export const ID = 'keep-downloaded-packages';

/**
 * Some base images carry configuration that defeats a cache mount: Debian and Ubuntu
 * images ship a dpkg hook (docker-clean) that deletes every downloaded .deb, so an apt
 * cache mount keeps the lists but downloads every package again. A recipe says so with a
 * stage step; this transform adds it once per stage, as a RUN of its own right before the
 * first RUN that needs it.
 *
 * A separate RUN rather than an edit of the RUN's body: the body may be a script, a
 * heredoc or exec form, and may be chained with `;` or `&&`, so a RUN of its own is the
 * one placement that is right for every shape, reads clearly in a diff, and leaves the
 * original command text alone. Its cost is one tiny layer. Comment lines right above the
 * RUN stay with it (the step goes above them).
 */
export const keepDownloadedPackages: Transform = {
  id: ID,
  title: 'Set aside base-image configuration that deletes downloaded packages.',
  edit: 'base-image configuration set aside and put back',
  summary:
    'Where a base image carries configuration that defeats a cache mount, sets it aside once per stage, right before the first RUN that needs the mount, and puts it back at the end of every stage that ships (after its last such RUN), so the image keeps the base image\'s configuration: for apt on Debian/Ubuntu images, the docker-clean hook is moved out of apt.conf.d and Binary::apt::APT::Keep-Downloaded-Packages "true" set meanwhile. Off with --no-apt-keep-downloaded.',
  run(plan, _project, options): TransformResult {
    const edits: Edit[] = [];
    for (const s of plan.stageSteps) {
      const df = s.dockerfile;
      const text = df.text;
      const what = s.kind === 'apply' ? s.step.apply : s.step.undo;
      const sep = df.style.beforeEscape || ' ';
      const indent = df.style.indent || '    ';
      const like = s.before ?? s.after;
      // the file's own spelling of RUN (lowercase keywords stay lowercase)
      const lower = like ? /^\s*run/.test(text.slice(like.start, like.start + 8)) : /^\s*from/.test(text.slice(lineStartOf(text, s.stage.fromEnd), s.stage.fromEnd));
      const kw = (k: string): string => (lower ? k.toLowerCase() : k);
      const body = what.commands.map((c, k) => `${k ? indent : `${kw('RUN')} `}${c}${k < what.commands.length - 1 ? ` &&${sep}${df.escape}` : ''}`);
      const asRoot = s.user !== null && !isRoot(s.user) ? [`${kw('USER')} root`, ...body, `${kw('USER')} ${s.user}`] : body;
      const lines = [...(options.comments ? [`# ${what.comment}`] : []), ...asRoot];
      const reason = (s.kind === 'apply' ? s.step.applyReason : s.step.undoReason).replace('{stage}', s.stage.name ?? `#${s.stage.index}`);
      let at: number;
      let insert: string;
      if (s.before) {
        // above comment lines that introduce the RUN, so they stay with it
        at = lineStartOf(text, s.before.start);
        while (at > 0) {
          const prev = previousLineStart(text, at);
          if (!/^\s*#/.test(text.slice(prev, lineEndOf(text, prev)))) break;
          at = prev;
        }
        insert = lines.join(df.eol) + df.eol;
      } else {
        let last = s.after ? s.after.end : s.stage.fromEnd;
        // an instruction that runs to the end of the file may end past its last line break
        while (last > 0 && (text[last - 1] === '\n' || text[last - 1] === '\r')) last--;
        const end = lineEndOf(text, last);
        // A RUN whose last line ends with a line continuation into the end of the file
        // would take the added RUN in as part of its command: that escape goes first.
        const esc = new RegExp(`[ \\t]*\\${df.escape}[ \\t]*$`).exec(text.slice(lineStartOf(text, end), end));
        if (esc && s.after && /^\s*$/.test(text.slice(end))) {
          const from = end - esc[0].length;
          edits.push({ file: df.path, start: from, end, text: '', transform: ID, reason: 'The last line of the RUN continued into the end of the file; the RUN added after it would have become part of its command.', managers: [s.manager] });
        }
        const next = nextLineStart(text, end);
        if (next > end) {
          at = next;
          insert = lines.join(df.eol) + df.eol;
        } else {
          // the last line of a file without a final line break
          at = end;
          insert = df.eol + lines.join(df.eol);
        }
      }
      edits.push({ file: df.path, start: at, end: at, text: insert, transform: ID, reason, managers: [s.manager] });
    }
    return { edits, notes: [] };
  },
};
