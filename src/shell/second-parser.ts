/**
 * sh-syntax (mvdan/sh compiled to wasm): a second, independent bash parser. It reads
 * extglob and `[[ … ]]` forms that tree-sitter's grammar trips on, so it checks rewritten
 * scripts and tells where the statements around a tree-sitter error really begin and end.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

type ShSyntax = typeof import('sh-syntax');

// Node's WebAssembly global (the project's lib setting does not declare it)
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
};
type Parse = (text: string) => Promise<unknown>;

let parser: Parse | null = null;

/**
 * sh-syntax's default `parse` compiles its Go wasm module again on every call (about
 * 50 ms and much garbage each). Compile it once and only instantiate it per call.
 */
function sh(): { parse: Parse } {
  if (!parser) {
    // required lazily: only runs that need it pay for loading it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('sh-syntax') as ShSyntax;
    const wasmPath = path.join(path.dirname(require.resolve('sh-syntax')), '..', 'main.wasm');
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const processor = lib.getProcessor(
      ((imports: object) => Promise.resolve(new WebAssembly.Instance(module, imports))) as unknown as Parameters<ShSyntax['getProcessor']>[0],
    );
    // The Go runtime's glue lives in globals: two parses at once (several repositories in
    // one process) break each other, so they take turns.
    let queue: Promise<unknown> = Promise.resolve();
    parser = (text) => {
      const run = queue.then(() => processor(text, {}));
      queue = run.catch(() => undefined);
      return run;
    };
  }
  return { parse: parser };
}

/** Null when the text parses, else the first line of the parser's message. */
export async function secondParserProblem(text: string): Promise<string | null> {
  try {
    await sh().parse(text);
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
    file = (await sh().parse(text)) as unknown as typeof file;
  } catch {
    return null;
  }
  const at = byteToIndex(text);
  return (file.Stmts ?? []).map((s) => [at(s.Pos.Offset), at(s.End.Offset)] as [number, number]);
}
