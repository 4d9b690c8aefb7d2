import { isRoot, RunInstruction, Stage } from '../dockerfile/model';
import { RECIPES } from '../managers';
import type { Project } from '../project';
import { rootImage } from './context';
import type { PlanOptions, RunPlan, StageStepPlan } from './index';

/**
 * For each recipe with a stage step: the stages where the recipe downloads into the
 * step's role under a cache mount and nothing does the step yet. The step goes right
 * before the stage's first such RUN; a stage built FROM a stage that has it needs none.
 */
export function planStageSteps(project: Project, runs: Map<RunInstruction, RunPlan>, options: PlanOptions): StageStepPlan[] {
  const out: StageStepPlan[] = [];
  for (const recipe of RECIPES) {
    const step = recipe.stageStep;
    if (!step || !options[step.option]) continue;
    for (const df of project.dockerfiles) {
      const done = new Set<Stage>();
      const runDoesIt = (r: RunInstruction): boolean =>
        step.done.test(df.text.slice(r.start, r.end)) || (project.executes.get(r) ?? []).some((eu) => step.done.test(eu.unit.source.original));
      for (const stage of df.stages) {
        let inherited = false;
        for (let s = stage.baseStage; s; s = s.baseStage) if (done.has(s) || s.runs.some(runDoesIt)) inherited = true;
        if (inherited) {
          done.add(stage);
          continue;
        }
        if (!step.appliesTo(rootImage(stage)) || stage.skip) continue;
        const first = stage.runs.find((r) => {
          const rp = runs.get(r);
          return !!rp && !r.skip && isRoot(r.user) && rp.mounted.has(step.role) && rp.uses.some((u) => u.recognised.manager === recipe.id && u.recognised.action === 'download');
        });
        // A step counts where it runs no later than the first use under a mount.
        const at = stage.runs.findIndex(runDoesIt);
        if (at !== -1 && (!first || at <= stage.runs.indexOf(first))) {
          done.add(stage);
          continue;
        }
        if (!first) continue;
        out.push({ step, manager: recipe.id, stage, run: first, dockerfile: df });
        done.add(stage);
      }
    }
  }
  return out;
}
