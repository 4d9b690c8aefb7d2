/**
 * Property tests: fast-check generates Dockerfiles (and, for part of the runs, a scripts/
 * tree their RUNs execute) from realistic pieces, runs the engine on each, and checks that
 * the tool never throws, fails no file, keeps every output parseable (tree-sitter and
 * bash -n), is idempotent, changes nothing but its intended edits, keeps line endings,
 * BOM and parser directives, adds no `# syntax=` line, and mounts, drops and fixes only
 * where the RUNs that run the code allow it (see property/check.ts).
 *
 * Default: 300 cases, seed 20261128. Long run: `npm run test:property` (10,000 new cases).
 * Replay a failure: CACHEMOUNT_PROPERTY_SEED=<seed> (fast-check prints seed and path).
 */
import fc from 'fast-check';
import { caseProperty } from '../property/property';

const RUNS = Number(process.env.CACHEMOUNT_PROPERTY_RUNS ?? 300);
// A fixed seed keeps `npm test` deterministic; the long run (`npm run test:property`) draws
// new cases every time.
const SEED = process.env.CACHEMOUNT_PROPERTY_SEED ? Number(process.env.CACHEMOUNT_PROPERTY_SEED) : 20261128;
const PATH = process.env.CACHEMOUNT_PROPERTY_PATH;

test(`cachemount keeps its promises on ${RUNS} generated cases`, async () => {
  await fc.assert(caseProperty(), { numRuns: RUNS, seed: SEED, path: PATH });
}, Math.max(600_000, RUNS * 1_000));
