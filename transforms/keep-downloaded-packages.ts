import type { Edit } from '../src/edit';
import { lineEndOf, lineStartOf, previousLineStart } from '../src/text';
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
  summary:
    'Adds, once per stage and before its first RUN that needs it, the step a recipe asks for so its cache mount keeps what it downloads: for apt on Debian/Ubuntu images, a RUN that removes the docker-clean hook and sets Binary::apt::APT::Keep-Downloaded-Packages "true". Off for apt with --no-apt-keep-downloaded.',
  run(plan, _project, options): TransformResult {
    const edits: Edit[] = [];
    for (const s of plan.stageSteps) {
      const df = s.dockerfile;
      const text = df.text;
      const sep = df.style.beforeEscape || ' ';
      const keyword = /^\s*run/.exec(text.slice(s.run.start, s.run.start + 8))?.[0].trim() ?? 'RUN';
      let at = lineStartOf(text, s.run.start);
      while (at > 0) {
        const prev = previousLineStart(text, at);
        if (!/^\s*#/.test(text.slice(prev, lineEndOf(text, prev)))) break;
        at = prev;
      }
      const indent = df.style.indent || '    ';
      const body = s.step.commands.map((c, k) => `${k ? indent : `${keyword} `}${c}${k < s.step.commands.length - 1 ? ` &&${sep}${df.escape}` : ''}`);
      const lines = [...(options.comments ? [`# ${s.step.comment}`] : []), ...body];
      edits.push({
        file: df.path,
        start: at,
        end: at,
        text: lines.join(df.eol) + df.eol,
        transform: ID,
        reason: s.step.reason.replace('{stage}', s.stage.name ?? `#${s.stage.index}`),
      });
    }
    return { edits, notes: [] };
  },
};
