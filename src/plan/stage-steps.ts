import { ignoresTransform } from '../ignores';
import { ID as STEPS_ID } from '../../transforms/keep-downloaded-packages';
import type { DockerfileModel, RunInstruction, Stage } from '../dockerfile/model';
import { CacheRecipe, RECIPES, StageStep } from '../managers';
import type { Project } from '../project';
import { rootImage } from './context';
import { roleCover } from './mounts';
import type { PlanOptions, RunPlan, StageStepPlan } from './index';

/** Whether the step is in effect: not, set by the tool, or done by hand (then the tool leaves it all alone). */
type StepState = 'off' | 'tool' | 'hand';

/**
 * For each recipe with a stage step, per Dockerfile, stage by stage in file order: the
 * step is set where a RUN downloads into the step's role under a cache mount while it is
 * not in effect (right before that RUN), and put back at the end of every stage that
 * ships (no later stage builds on it) while the tool's step is in effect there, its own
 * or inherited: after the stage's last such RUN, or right after its FROM when it has none.
 * RUNs the tool added before are recognised, so a second run adds nothing.
 */
export function planStageSteps(project: Project, runs: Map<RunInstruction, RunPlan>, options: PlanOptions): StageStepPlan[] {
  const out: StageStepPlan[] = [];
  for (const recipe of RECIPES) {
    const step = recipe.stageStep;
    if (!step || !options[step.option]) continue;
    for (const df of project.dockerfiles) out.push(...planFile(project, df, runs, recipe, step));
  }
  return out;
}

function planFile(project: Project, df: DockerfileModel, runs: Map<RunInstruction, RunPlan>, recipe: CacheRecipe, step: StageStep): StageStepPlan[] {
  const out: StageStepPlan[] = [];
  const ends = new Map<Stage, StepState>();
  const textOf = (r: RunInstruction): string => df.text.slice(r.start, r.end);
  const byHand = (r: RunInstruction): boolean =>
    !step.apply.marker.test(textOf(r)) && !step.undo.marker.test(textOf(r)) && (step.handWritten.test(textOf(r)) || (project.executes.get(r) ?? []).some((eu) => step.handWritten.test(eu.unit.source.original)));
  // each root download of the manager in the RUN, and whether the step's cache is mounted for it there
  const downloads = (r: RunInstruction): boolean[] => {
    const rp = runs.get(r);
    if (!rp) return [];
    const off = r.skip !== null || ignoresTransform(r.ignore, STEPS_ID);
    return rp.uses
      .filter((u) => u.recognised.manager === recipe.id && u.recognised.action === 'download' && u.ctx.user.uid === 0)
      .map((u) => !off && roleCover(rp, u.command, u.recognised, step.role).cover !== null);
  };
  const undo = (last: RunInstruction | null, stage: Stage): StageStepPlan => ({
    step,
    manager: recipe.id,
    kind: 'undo',
    stage,
    dockerfile: df,
    ...(last ? { after: last } : {}),
    user: last ? last.user : stage.initialUser,
  });
  const builtOn = new Set(df.stages.map((s) => s.baseStage).filter((s): s is Stage => s !== null));
  for (const stage of df.stages) {
    let state: StepState = stage.baseStage ? ends.get(stage.baseStage) ?? 'off' : 'off';
    if (stage.skip || !step.appliesTo(rootImage(stage))) {
      ends.set(stage, state);
      continue;
    }
    let last: RunInstruction | null = null;
    for (const r of stage.runs) {
      if (state === 'hand') break;
      const mounted = downloads(r);
      if (step.apply.marker.test(textOf(r))) {
        state = 'tool';
        last = r;
      } else if (step.undo.marker.test(textOf(r))) {
        state = 'off';
        last = null;
      } else if (byHand(r)) {
        // the hand-written fix takes over from here: put back what the tool set aside first
        if (state === 'tool') out.push(undo(last, stage));
        state = 'hand';
      } else if (mounted.some((m) => !m)) {
        // a download without the mount: the step must not be in effect there (the
        // downloads would stay in that layer)
        if (state === 'tool') out.push(undo(last, stage));
        state = 'off';
        last = null;
      } else if (mounted.length) {
        if (state === 'off') out.push({ step, manager: recipe.id, kind: 'apply', stage, dockerfile: df, before: r, user: r.user });
        state = 'tool';
        last = r;
      }
    }
    ends.set(stage, state);
    if (state === 'tool' && !builtOn.has(stage)) out.push(undo(last, stage));
  }
  return out;
}
