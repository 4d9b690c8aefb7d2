#!/usr/bin/env node
'use strict';
// The bash grammar is a large wasm module. V8's optimising tier recompiles it in the
// background and the process waits for that at exit: measured here, a one-file run took
// 1.3 s with it and 0.5 s without, and a 200-file run 3.8 s vs 2.0 s. The baseline
// compiler is fast enough for this workload, so use only that.
require('v8').setFlagsFromString('--liftoff-only');
const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');

/**
 * Loads the bundled CLI (tools/bundle.js) with V8's code cache: the code V8 compiled in an
 * earlier run is kept in the user's cache folder (XDG_CACHE_HOME or ~/.cache, then
 * cachemount/; CACHEMOUNT_CACHE_DIR names another, `off` uses none), so a run need not
 * compile the bundle again. V8 checks that a cache matches the source and its own version
 * and flags, and ignores it otherwise; a cache that cannot be read or written costs only
 * the compile. Without a bundle (a build without it), the plain modules are loaded.
 */
function loadCli() {
  let source;
  let stat;
  try {
    stat = fs.statSync(BUNDLE);
    source = fs.readFileSync(BUNDLE, 'utf8');
  } catch {
    return require('../dist/src/cli.js');
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  const os = require('node:os');
  const setting = process.env.CACHEMOUNT_CACHE_DIR;
  const dir = setting === 'off' ? null : setting || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cachemount');
  const file = dir && path.join(dir, `cli-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.v8cache`);
  let cachedData;
  if (file) {
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      /* no cache yet */
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  if (file && (!cachedData || script.cachedDataRejected)) {
    // written at exit, when the run has compiled the functions it needed
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
        // caches of other builds are of no more use
        for (const old of fs.readdirSync(dir)) {
          if (/^cli-.*\.v8cache$/.test(old) && old !== path.basename(file)) fs.rmSync(path.join(dir, old), { force: true });
        }
      } catch {
        /* an unwritable cache folder: the next run compiles again */
      }
    });
  }
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  mod.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  return mod.exports;
}

loadCli()
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`cachemount: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  });
