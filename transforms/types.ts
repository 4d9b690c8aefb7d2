import type { Edit } from '../src/edit';
import type { Plan, Site } from '../src/plan';
import type { Project } from '../src/project';

export interface TransformOptions {
  /** Leave a one-line comment in scripts where a cleanup was dropped. */
  comments: boolean;
}

/** A note the transform could not turn into an edit (a refusal), for the report. */
export interface TransformNote {
  file: string;
  offset: number;
  message: string;
}

export interface TransformResult {
  edits: Edit[];
  notes: TransformNote[];
  /** Sites the plan meant to change but the transform had to keep (the engine re-plans around kept rm's of mount points). */
  kept?: Array<{ site: Site; reason: string }>;
}

/** A transform turns the plan into edits; it never reads files or prints. */
export interface Transform {
  id: string;
  /** One short sentence: what the transform does (SARIF's short description). */
  title: string;
  /** What one of its edits is, as a short phrase (the pull request body's list). */
  edit: string;
  /** One paragraph for --help and the docs. */
  summary: string;
  run(plan: Plan, project: Project, options: TransformOptions): TransformResult;
}
