'use strict';
/**
 * Loads a bundle from dist/bundle (tools/bundle.js) with V8's code cache: the code V8
 * compiled in an earlier run is kept in the user's cache folder (XDG_CACHE_HOME or
 * ~/.cache, then cachemount/; CACHEMOUNT_CACHE_DIR names another, `off` uses none), so a
 * run need not compile the bundle again. V8 checks that a cache matches the source and its
 * own version and flags, and ignores it otherwise; a cache that cannot be read or written
 * costs only the compile. Returns null when there is no bundle (a build without it).
 *
 * The cache is best made after the code has run (it then holds the functions the run
 * compiled): with save 'exit' it is written when the process exits; with 'manual' the
 * caller writes it through globalThis[Symbol.for('cachemount.saveCodeCache')]().
 */
const fs = require('node:fs');
const path = require('node:path');

function loadBundle(name, save) {
  const file = path.join(__dirname, '..', 'dist', 'bundle', `${name}.cjs`);
  let source;
  let stat;
  try {
    stat = fs.statSync(file);
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  const setting = process.env.CACHEMOUNT_CACHE_DIR;
  const dir = setting === 'off' ? null : setting || path.join(process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache'), 'cachemount');
  const cacheFile = dir && path.join(dir, `${name}-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.v8cache`);
  let cachedData;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      /* no cache yet */
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  let pending = !!cacheFile && (!cachedData || script.cachedDataRejected);
  const write = () => {
    if (!pending) return;
    pending = false;
    try {
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      // caches of other builds are of no more use
      for (const old of fs.readdirSync(dir)) {
        if (old.startsWith(`${name}-`) && old.endsWith('.v8cache') && old !== path.basename(cacheFile)) fs.rmSync(path.join(dir, old), { force: true });
      }
    } catch {
      /* an unwritable cache folder: the next run compiles again */
    }
  };
  if (save === 'exit') process.once('exit', write);
  else globalThis[Symbol.for('cachemount.saveCodeCache')] = write;
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

module.exports = { loadBundle };
