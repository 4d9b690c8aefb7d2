/**
 * The property itself, shared by the jest suite and the long run: generate a case,
 * run the engine on it, check every property, fail with the files and the violations.
 */
import fc from 'fast-check';
import { caseSpec } from './arbitraries';
import { checkFiles, CheckReport, defaultCheckOptions, formatViolations } from './check';
import { renderCase, RenderedCase } from './render';

export const renderedCase: fc.Arbitrary<RenderedCase> = caseSpec.map(renderCase);

/** Violation kinds left out of a run (CACHEMOUNT_PROPERTY_IGNORE=style,missed-fix); none by default. */
export function ignoredKinds(): Set<string> {
  return new Set((process.env.CACHEMOUNT_PROPERTY_IGNORE ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

export class PropertyFailure extends Error {}

export function describeCase(c: RenderedCase): string {
  const files = Object.entries(c.files)
    .map(([p, t]) => `--- ${p} ---\n${t}\n--- (JSON) ${JSON.stringify(t)}`)
    .join('\n');
  return `options: ${JSON.stringify(c.options)}\n${files}`;
}

export async function checkRenderedCase(c: RenderedCase, ignore: Set<string> = ignoredKinds()): Promise<CheckReport> {
  const report = await checkFiles(c.files, defaultCheckOptions(c.meta, c.options));
  const vs = report.violations.filter((x) => !ignore.has(x.kind));
  if (vs.length) throw new PropertyFailure(`${formatViolations(vs)}\n\n${describeCase(c)}`);
  return report;
}

export const caseProperty = (ignore: Set<string> = ignoredKinds()): fc.IAsyncPropertyWithHooks<[RenderedCase]> =>
  fc.asyncProperty(renderedCase, async (c) => {
    await checkRenderedCase(c, ignore);
  });
