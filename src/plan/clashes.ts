import type { RunInstruction } from '../dockerfile/model';
import type { Site } from './index';
import { deletesDirOrParent, resolvePath, rmOperands } from './paths';

/**
 * The added mounts that kept sites would delete: an rm the plan expected to drop but the
 * shell edits had to keep, whose operand is an added mount's target or one of its parents
 * (the rm would fail on the mount point).
 */
export function mountPointClashes(kept: ReadonlyArray<{ site: Site; reason: string }>): Array<{ run: RunInstruction; target: string; label: string }> {
  const out: Array<{ run: RunInstruction; target: string; label: string }> = [];
  for (const { site, reason } of kept) {
    const ops = rmOperands(site.command);
    if (!ops?.length) continue;
    for (const rp of site.runs) {
      for (const a of rp.add) {
        const w = ops.find((x) => {
          const p = resolvePath(x, rp.home, rp.run.env);
          return p !== null && deletesDirOrParent(p, a.target.target);
        });
        if (w && !out.some((c) => c.run === rp.run && c.target === a.target.target)) out.push({ run: rp.run, target: a.target.target, label: `\`rm ${w.raw}\` cannot be dropped (${reason})` });
      }
    }
  }
  return out;
}
