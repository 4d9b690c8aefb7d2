/**
 * sh-syntax (mvdan/sh compiled to wasm): a second, independent bash parser. It reads
 * extglob and `[[ … ]]` forms that tree-sitter's grammar trips on, so it checks rewritten
 * scripts and tells where the statements around a tree-sitter error really begin and end.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// Node's WebAssembly global (the project's lib setting does not declare it)
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  RuntimeError: new () => Error;
};
/** The Go glue sh-syntax's vendored wasm_exec defines as a global when it is loaded. */
declare const Go: new () => { importObject: object; run(instance: object): Promise<void> };

interface ShExports {
  memory: { buffer: ArrayBuffer };
  wasmAlloc(size: number): number;
  wasmFree(pointer: number): void;
  process(...args: Array<number | boolean>): number;
}

/**
 * How much one module instance may parse before it is replaced. sh-syntax is TinyGo with
 * a fixed 10 MiB memory that its parses do not give back: measured here, an instance
 * traps after 950 parses of 108 bytes, 587 of 245 bytes, 168 of 1 KB or 16 of 10 KB,
 * which a cost of 12 KiB plus 64 bytes per input byte per parse bounds from above. Half
 * the memory leaves a wide margin; a trap still only costs a retry.
 */
const INSTANCE_BUDGET = 5 * 1024 * 1024;
const parseCost = (bytes: number): number => 12 * 1024 + 64 * bytes;

let compiled: object | null = null;
let live: { exports: ShExports; left: number } | null = null;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A started instance of sh-syntax's module. Its Go main() stays parked after start, and
 * each exported process() call is one synchronous parse, so one instance serves many
 * parses: sh-syntax's own parse() starts a new Go runtime for every call, the dearest
 * part of verifying a small file.
 */
let instances = 0;

/** How many instances this process has started (for tests). */
export function instancesStarted(): number {
  return instances;
}

function startInstance(): ShExports {
  instances++;
  if (!compiled) {
    // required lazily: only runs that verify something pay for loading it (it also defines Go)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('sh-syntax');
    const wasmPath = path.join(path.dirname(require.resolve('sh-syntax')), '..', 'main.wasm');
    compiled = new WebAssembly.Module(readFileSync(wasmPath));
  }
  const go = new Go();
  const instance = new WebAssembly.Instance(compiled, go.importObject);
  go.run(instance).catch(() => undefined); // settles only when main() returns, which it does not
  return instance.exports as ShExports;
}

function put(x: ShExports, bytes: Uint8Array): number {
  const at = x.wasmAlloc(bytes.byteLength);
  new Uint8Array(x.memory.buffer).set(bytes, at);
  return at;
}

/**
 * One parse as bash with sh-syntax's defaults: the AST, or throws with the parser's
 * message. Without ast, the parsed script is printed instead (half the time of the AST's
 * JSON; the same parser decides what is an error).
 */
function parseWith(x: ShExports, text: Uint8Array, ast: boolean): unknown {
  const none = new Uint8Array(0);
  const file = put(x, none);
  const body = put(x, text);
  const stop = put(x, none);
  // (file path, text, print, keepComments, variant bash, stopAt, recoverErrors, simplify,
  // indent, binaryNextLine, switchCaseIndent, spaceRedirects, keepPadding, minify,
  // singleLine, functionNextLine), each byte buffer as pointer, length, capacity
  const result = x.process(file, 0, 0, body, text.byteLength, text.byteLength, !ast, true, 1, stop, 0, 0, 0, false, 2, true, true, true, false, false, false, false);
  x.wasmFree(file);
  x.wasmFree(body);
  x.wasmFree(stop);
  const out = new Uint8Array(x.memory.buffer).subarray(result);
  const json = decoder.decode(out.subarray(0, out.indexOf(0)));
  if (!json.startsWith('{"') || !json.endsWith('}')) throw new Error(`sh-syntax gave no result: ${json.slice(0, 200)}`);
  const r = JSON.parse(json) as { file?: unknown; parseError?: { Text?: string } | null; message?: string };
  if (r.parseError || r.message) throw new Error(r.parseError?.Text ?? r.message);
  return ast ? r.file : null;
}

/**
 * Parses with the live instance, replacing it when its budget is spent. A trap (the
 * instance ran out of memory) discards it, and the text is parsed once more on a fresh
 * one, so a result never depends on what the instance parsed before.
 */
function parseBash(text: string, ast: boolean): unknown {
  const bytes = encoder.encode(text);
  const cost = parseCost(bytes.byteLength);
  if (!live || live.left < cost) live = { exports: startInstance(), left: INSTANCE_BUDGET };
  live.left -= cost;
  try {
    return parseWith(live.exports, bytes, ast);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    live = null;
    return parseWith(startInstance(), bytes, ast);
  }
}

/** Null when the text parses, else the first line of the parser's message. */
export async function secondParserProblem(text: string): Promise<string | null> {
  try {
    parseBash(text, false);
    return null;
  } catch (e) {
    return String((e as Error).message ?? e).split('\n')[0];
  }
}

/** UTF-16 offset for each UTF-8 byte offset of text (Go reports bytes). */
function byteToIndex(text: string): (byte: number) => number {
  const map: number[] = [];
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < len; k++) map[byte + k] = i;
    byte += len;
    if (cp >= 0x10000) i++;
  }
  map[byte] = text.length;
  return (b) => map[Math.min(b, byte)] ?? text.length;
}

/** Ranges of the top-level statements, or null when the text does not parse. */
export async function topLevelStatements(text: string): Promise<Array<[number, number]> | null> {
  let file: { Stmts?: Array<{ Pos: { Offset: number }; End: { Offset: number } }> };
  try {
    file = parseBash(text, true) as typeof file;
  } catch {
    return null;
  }
  const at = byteToIndex(text);
  return (file.Stmts ?? []).map((s) => [at(s.Pos.Offset), at(s.End.Offset)] as [number, number]);
}
