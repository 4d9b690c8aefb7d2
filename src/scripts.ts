import type { Project } from './project';
import type { ReadResult } from './read';

export interface ScriptNote {
  file: string;
  offset: number;
  message: string;
}

/** Follows RUNs into the scripts they execute (filled in by the script-following work). */
export function followScripts(_project: Project, _root: string, _read: (rel: string) => ReadResult): ScriptNote[] {
  return [];
}
