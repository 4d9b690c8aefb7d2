import type { Edit } from '../src/edit';
import { lineEndOf, lineStartOf, previousLineStart } from '../src/text';
import type { Transform, TransformResult } from './types';

export const ID = 'apt-keep-downloaded';

export const KEEP_CACHE_FILE = '/etc/apt/apt.conf.d/keep-cache';
export const DOCKER_CLEAN_FILE = '/etc/apt/apt.conf.d/docker-clean';

/**
 * Official Debian and Ubuntu images ship /etc/apt/apt.conf.d/docker-clean, a dpkg hook
 * that deletes every downloaded .deb: with it, an apt cache mount keeps the lists but
 * downloads every package again. This transform removes the hook and tells apt to keep
 * downloads, once per stage, before the first apt command that runs under a cache mount.
 *
 * It adds a RUN of its own right before that RUN rather than editing the RUN's body:
 * the body may be a script, a heredoc or exec form, and may be chained with `;` or `&&`,
 * so a separate RUN is the one placement that is right for every shape, reads clearly in
 * a diff, and leaves the original command text alone. Its cost is one tiny layer. A stage
 * FROM an earlier stage that already has the fix needs nothing; non-Debian stages are
 * skipped; an existing fix in any common form (rm or sed of docker-clean,
 * Keep-Downloaded-Packages) is recognised and never doubled.
 */
export const aptKeepDownloaded: Transform = {
  id: ID,
  summary:
    'Adds, once per Debian/Ubuntu stage and before its first apt RUN under a cache mount, a RUN that removes the docker-clean hook and sets Binary::apt::APT::Keep-Downloaded-Packages "true", so the apt cache mount really keeps .deb files. Off with --no-apt-keep-downloaded.',
  run(plan, _project, options): TransformResult {
    const edits: Edit[] = [];
    for (const fix of plan.aptFixes) {
      const df = fix.dockerfile;
      const text = df.text;
      const eol = df.eol;
      const esc = df.escape;
      const sep = df.style.beforeEscape || ' ';
      const keyword = /^\s*run/.exec(text.slice(fix.run.start, fix.run.start + 8))?.[0].trim() ?? 'RUN';
      // Go above comment lines that introduce the RUN, so they stay with it.
      let at = lineStartOf(text, fix.run.start);
      while (at > 0) {
        const prev = previousLineStart(text, at);
        const line = text.slice(prev, lineEndOf(text, prev));
        if (!/^\s*#/.test(line)) break;
        at = prev;
      }
      const lines = [
        ...(options.comments ? ['# Keep downloaded .deb files in the apt cache mount (the base image\'s docker-clean hook deletes them).'] : []),
        `${keyword} rm -f ${DOCKER_CLEAN_FILE} &&${sep}${esc}`,
        `${df.style.indent || '    '}echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > ${KEEP_CACHE_FILE}`,
      ];
      const body = lines.join(eol) + eol;
      edits.push({
        file: df.path,
        start: at,
        end: at,
        text: body,
        transform: ID,
        reason: `Stage ${fix.stage.name ?? `#${fix.stage.index}`} runs apt under a cache mount; the docker-clean hook of Debian/Ubuntu images would delete every downloaded .deb, so the hook goes and apt keeps its downloads.`,
      });
    }
    return { edits, notes: [] };
  },
};
