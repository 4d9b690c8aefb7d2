/**
 * Configuration files: `.cachemount.yaml`, `.cachemount.yml` or `.cachemount.json`, found
 * in a PATH's folder or the folders above it up to the repository root (the first folder
 * holding `.git`), or named with --config. Command-line options win over the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { parseDocument as ParseDocument } from 'yaml';
import { DEFAULT_OPTIONS, EngineOptions, IgnoreRule } from './engine';
import { RECIPES } from './managers';
import { TRANSFORM_IDS } from '../transforms/ids';

export const CONFIG_NAMES = ['.cachemount.yaml', '.cachemount.yml', '.cachemount.json'] as const;

/** What a config file may hold; every key is optional. */
export interface FileConfig {
  managers?: string[];
  transforms?: string[];
  ignore?: string[];
  comments?: boolean;
  aptKeepDownloaded?: boolean;
  maxSize?: number;
}

/** A usage error in a config file: the message names the file and the key. */
export class ConfigError extends Error {}

type Check = (value: unknown, key: string, file: string) => void;

const list =
  (known?: readonly string[], what?: string): Check =>
  (v, key, file) => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) throw new ConfigError(`${file}: "${key}" must be a list of non-empty strings`);
    const bad = known ? v.filter((x) => !known.includes(x)) : [];
    if (bad.length) throw new ConfigError(`${file}: "${key}" names unknown ${what} ${bad.map((b) => `"${b}"`).join(', ')} (known: ${known!.join(', ')})`);
  };
const bool: Check = (v, key, file) => {
  if (typeof v !== 'boolean') throw new ConfigError(`${file}: "${key}" must be true or false, not ${JSON.stringify(v)}`);
};
const positive: Check = (v, key, file) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ConfigError(`${file}: "${key}" must be a positive number of bytes, not ${JSON.stringify(v)}`);
};

/** Every key a config file may have, with its check and what it means (for the docs). */
export const CONFIG_KEYS: Record<keyof FileConfig, { check: Check; doc: string }> = {
  managers: { check: list(RECIPES.map((r) => r.id), 'package managers'), doc: 'package manager ids to work on (default: all)' },
  transforms: { check: list(TRANSFORM_IDS, 'transforms'), doc: 'transform ids to apply (default: all)' },
  ignore: { check: list(), doc: 'gitignore-style patterns (relative to the file) of files to leave alone' },
  comments: { check: bool, doc: 'true/false: comments where a script lost a cleanup (default true)' },
  aptKeepDownloaded: { check: bool, doc: 'true/false: set apt\'s docker-clean aside (default true)' },
  maxSize: { check: positive, doc: `skip files over this many bytes (default ${DEFAULT_OPTIONS.maxBytes})` },
};

/** Reads and checks a config file; throws ConfigError with the file and the key at fault. */
export function loadConfig(file: string): FileConfig {
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${shown}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  if (file.endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`${shown}: not valid JSON (${(e as Error).message})`);
    }
  } else {
    // loaded only when there is a YAML file to read
    const { parseDocument } = require('yaml') as { parseDocument: typeof ParseDocument };
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) throw new ConfigError(`${shown}: not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
    data = doc.toJS();
  }
  // an empty file configures nothing
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${shown}: must be a mapping of keys to values (keys: ${Object.keys(CONFIG_KEYS).join(', ')})`);
  for (const [key, value] of Object.entries(data)) {
    const spec = (CONFIG_KEYS as Record<string, { check: Check } | undefined>)[key];
    if (!spec || !Object.prototype.hasOwnProperty.call(CONFIG_KEYS, key)) throw new ConfigError(`${shown}: unknown key "${key}" (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    spec.check(value, key, shown);
  }
  return data as FileConfig;
}

/**
 * The config file for a folder: the nearest one in it or above it, stopping at the
 * repository root (a folder with `.git`); null when there is none. Two config files in one
 * folder are an error.
 */
export function findConfig(start: string): string | null {
  for (let dir = path.resolve(start); ; ) {
    const here = CONFIG_NAMES.map((n) => path.join(dir, n)).filter((f) => {
      try {
        return fs.statSync(f).isFile();
      } catch {
        return false;
      }
    });
    if (here.length > 1) throw new ConfigError(`${path.relative(process.cwd(), dir) || '.'}: more than one config file (${here.map((f) => path.basename(f)).join(', ')}); keep one`);
    if (here.length) return here[0];
    if (fs.existsSync(path.join(dir, '.git'))) return null;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** What the command line gave; absent keys were not given (the config file or the default decides). */
export interface CliSettings {
  managers?: string[];
  transforms?: string[];
  ignorePatterns?: string[];
  /** The folder --ignore-pattern is relative to (default: the current folder). */
  ignoreBase?: string;
  comments?: boolean;
  aptKeepDownloaded?: boolean;
  maxSize?: number;
  /** --config FILE, or false for --no-config; absent: look for one. */
  config?: string | false;
}

/** Engine options for a folder: the command line over its config file over the defaults. */
export function resolveOptions(start: string, cli: CliSettings): { options: EngineOptions; configFile: string | null } {
  const file = cli.config === false ? null : cli.config !== undefined ? path.resolve(cli.config) : findConfig(start);
  const cfg = file ? loadConfig(file) : {};
  const ignore: IgnoreRule[] = [];
  if (file && cfg.ignore?.length) ignore.push({ base: path.dirname(file), patterns: cfg.ignore, from: path.basename(file) });
  if (cli.ignorePatterns?.length) ignore.push({ base: cli.ignoreBase ?? process.cwd(), patterns: cli.ignorePatterns, from: '--ignore-pattern' });
  const managers = cli.managers ?? cfg.managers;
  const transforms = cli.transforms ?? cfg.transforms;
  return {
    configFile: file,
    options: {
      comments: cli.comments ?? cfg.comments ?? DEFAULT_OPTIONS.comments,
      aptKeepDownloaded: cli.aptKeepDownloaded ?? cfg.aptKeepDownloaded ?? DEFAULT_OPTIONS.aptKeepDownloaded,
      maxBytes: cli.maxSize ?? cfg.maxSize ?? DEFAULT_OPTIONS.maxBytes,
      ...(managers ? { managers: new Set(managers) } : {}),
      ...(transforms ? { transforms: new Set(transforms) } : {}),
      ...(ignore.length ? { ignore } : {}),
    },
  };
}
