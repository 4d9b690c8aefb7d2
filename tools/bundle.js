#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: bundles the compiled CLI (dist/src/cli.js) and the
 * engine's worker thread (dist/src/engine-worker.js) with esbuild into one file each under
 * dist/bundle/. A run then loads two files instead of some two hundred modules (yargs'
 * ESM among them), which is most of a small run's start-up; bin/cachemount.js also keeps
 * V8's compiled code for the bundle between runs.
 *
 * The packages that load WebAssembly files from their own folders (web-tree-sitter,
 * tree-sitter-bash, sh-syntax) stay outside the bundle and are required at run time.
 */
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const REPO = path.resolve(__dirname, '..');
const EXTERNAL = ['web-tree-sitter', 'tree-sitter-bash', 'tree-sitter-bash/*', 'sh-syntax'];

/**
 * yargs' cliui and wrap-ansi each carry their own copy of string-width 7, whose module
 * set-up (an Intl.Segmenter, a Unicode property regex) is a visible part of start-up:
 * both are given the same copy.
 */
const oneStringWidth = {
  name: 'one-string-width',
  setup(build) {
    const copies = ['cliui', 'wrap-ansi'].map((p) => path.join(REPO, 'node_modules', p, 'node_modules', 'string-width', 'package.json'));
    const versions = copies.map((f) => require(f).version);
    if (versions[0] !== versions[1]) return; // different versions: leave both
    const target = path.join(path.dirname(copies[0]), 'index.js');
    build.onResolve({ filter: /^string-width$/ }, (args) => (args.importer.includes(`${path.sep}wrap-ansi${path.sep}`) ? { path: target } : undefined));
  },
};

async function main() {
  for (const name of ['cli', 'engine-worker']) {
  await esbuild.build({
    entryPoints: [path.join(REPO, 'dist', 'src', `${name}.js`)],
    outfile: path.join(REPO, 'dist', 'bundle', `${name}.cjs`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    // yargs is ESM and asks import.meta.url where it lives (to find its locale files)
    define: { 'import.meta.url': '__cachemountModuleUrl' },
    banner: { js: "const __cachemountModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // smaller to read and to hash for the code cache; names stay, so stack traces read
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [oneStringWidth],
    logLevel: 'warning',
  });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
