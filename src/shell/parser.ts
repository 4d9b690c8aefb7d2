import { readFileSync } from 'node:fs';
import { Language, Node, Parser, Tree } from 'web-tree-sitter';

export type { Node, Tree };

let parser: Parser | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the tree-sitter runtime and the bash grammar once per process. Callers that
 * overlap (several repositories at once) share one load: a second Parser.init() would
 * start the runtime again under the trees the first one made.
 */
export function initShellParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    // Bytes, not a path: loading by path makes web-tree-sitter import() fs, which jest's VM refuses.
    const language = await Language.load(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

/** Parses shell text. initShellParser must have completed. */
export function parseShell(text: string): Tree {
  if (!parser) throw new Error('shell parser used before initShellParser()');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Named and anonymous children of a node, skipping nulls. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (c) out.push(c);
  }
  return out;
}

/** The smallest ERROR or MISSING nodes of a tree: regions the grammar could not parse. */
export function errorRanges(tree: Tree): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const walk = (n: Node): void => {
    if (!n.hasError) return;
    if (n.isError || n.isMissing) {
      out.push([n.startIndex, Math.max(n.endIndex, n.startIndex + 1)]);
      return;
    }
    for (const c of children(n)) walk(c);
  };
  walk(tree.rootNode);
  return out;
}

/**
 * Regions no edit may touch: each top-level statement that holds a parse error. Past
 * an error, tree-sitter's guess at the rest of the construct (a loop body after an
 * extglob in its head, say) cannot be trusted, so the whole statement is left alone.
 */
export function protectedRanges(tree: Tree): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const top of children(tree.rootNode)) {
    if (top.hasError || top.isError || top.isMissing) out.push([top.startIndex, Math.max(top.endIndex, top.startIndex + 1)]);
  }
  return out;
}
