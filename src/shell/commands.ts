import { children, Node, Tree } from './parser';

/** One word of a simple command, with its exact range in the parsed text. */
export interface ShellWord {
  node: Node;
  start: number;
  end: number;
  raw: string;
  /** The word with quotes removed; expansions are kept as text (`$HOME/x`). */
  value: string;
  /** True when value holds no expansion, so it is known before run time. */
  literal: boolean;
}

/** A simple command as the shell would run it, wrappers such as sudo/env peeled off. */
export interface ShellCommand {
  node: Node;
  start: number;
  end: number;
  /** Assignments before the command and those given to `env`. */
  assignments: ShellWord[];
  /** Basename of the program actually run (`apt-get`, `pip3`, `python3`, `bash`…). */
  name: string;
  nameWord: ShellWord;
  /** Arguments after the program name. */
  args: ShellWord[];
  /** Name of the function whose body holds this command, if any (innermost). */
  inFunction: string | null;
  /** True when the command sits in an if/while condition or a pipeline/negation. */
  inCondition: boolean;
  /** The user a wrapper switches to (`sudo` root, `sudo -u app`, `runuser -u app`), or null. */
  runAs: string | null;
}

export interface ShellFunction {
  name: string;
  node: Node;
}

const WRAPPERS_WITH_OPTIONS: Record<string, Set<string>> = {
  // options that take a value, per wrapper
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  nice: new Set(['-n', '--adjustment']),
  nohup: new Set(),
  time: new Set(['-f', '-o']),
  exec: new Set(['-a']),
  command: new Set(),
  stdbuf: new Set(['-i', '-o', '-e']),
  chroot: new Set(),
  runuser: new Set(['-u', '--user', '-g', '--group', '-G']),
  xargs: new Set(['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars']),
  timeout: new Set(['-k', '--kill-after', '-s', '--signal']),
};

function unquote(node: Node): { value: string; literal: boolean } {
  switch (node.type) {
    case 'word':
    case 'number': {
      const t = node.text;
      return { value: t.replace(/\\(.)/g, '$1'), literal: true };
    }
    case 'raw_string':
      return { value: node.text.slice(1, -1), literal: true };
    case 'string': {
      let literal = true;
      let value = '';
      for (const c of children(node)) {
        if (c.type === '"') continue;
        if (c.type === 'string_content') value += c.text.replace(/\\([$`"\\\n])/g, '$1');
        else {
          literal = false;
          value += c.text;
        }
      }
      return { value, literal };
    }
    case 'concatenation': {
      let literal = true;
      let value = '';
      for (const c of children(node)) {
        const u = unquote(c);
        literal &&= u.literal;
        value += u.value;
      }
      return { value, literal };
    }
    default:
      return { value: node.text, literal: false };
  }
}

export function toWord(node: Node): ShellWord {
  const { value, literal } = unquote(node);
  return { node, start: node.startIndex, end: node.endIndex, raw: node.text, value, literal };
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? p : p.slice(i + 1);
}

/** Peels sudo/env/nice/… and returns the effective command, or null for an empty one. */
export function analyseCommand(node: Node, inFunction: string | null, inCondition: boolean): ShellCommand | null {
  const assignments: ShellWord[] = [];
  const words: ShellWord[] = [];
  for (const c of children(node)) {
    if (c.type === 'variable_assignment') {
      if (words.length === 0) assignments.push(toWord(c));
      else words.push(toWord(c));
    } else if (c.type === 'command_name') {
      const inner = c.namedChild(0) ?? c;
      words.push(toWord(inner));
    } else if (c.isNamed && !/redirect|herestring|comment/.test(c.type)) {
      words.push(toWord(c));
    }
  }
  let i = 0;
  let runAs: string | null = null;
  for (;;) {
    if (i >= words.length) return null;
    const name = basename(words[i].value);
    const valueOpts = WRAPPERS_WITH_OPTIONS[name];
    if (!valueOpts || !words[i].literal) break;
    // sudo without -u runs the command as root
    if (name === 'sudo' && runAs === null) runAs = 'root';
    i++;
    while (i < words.length) {
      const w = words[i];
      if ((name === 'env' || name === 'sudo') && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) {
        assignments.push(w);
        i++;
      } else if (w.value === '--') {
        i++;
        break;
      } else if (w.value.startsWith('-') && w.value.length > 1) {
        if ((name === 'sudo' || name === 'runuser') && (w.value === '-u' || w.value === '--user')) runAs = words[i + 1]?.value ?? null;
        else if ((name === 'sudo' || name === 'runuser') && /^(-u|--user=)./.test(w.value)) runAs = w.value.replace(/^(-u|--user=)/, '');
        i += valueOpts.has(w.value) ? 2 : 1;
      } else break;
    }
  }
  const nameWord = words[i];
  return {
    node,
    start: node.startIndex,
    end: node.endIndex,
    assignments,
    name: basename(nameWord.value),
    nameWord,
    args: words.slice(i + 1),
    inFunction,
    inCondition,
    runAs,
  };
}

function functionName(def: Node): string | null {
  const n = def.childForFieldName('name') ?? def.namedChildren.find((c) => c?.type === 'word') ?? null;
  return n ? n.text : null;
}

/** Every simple command in a tree (including inside functions and substitutions). */
export function collectCommands(tree: Tree): { commands: ShellCommand[]; functions: ShellFunction[] } {
  const commands: ShellCommand[] = [];
  const functions: ShellFunction[] = [];
  const walk = (n: Node, fn: string | null, cond: boolean): void => {
    if (n.type === 'function_definition') {
      const name = functionName(n);
      if (name) functions.push({ name, node: n });
      for (const c of children(n)) walk(c, name ?? fn, cond);
      return;
    }
    if (n.type === 'command') {
      const cmd = analyseCommand(n, fn, cond);
      if (cmd) commands.push(cmd);
      // substitutions inside arguments hold commands too
      for (const c of children(n)) walk(c, fn, cond);
      return;
    }
    if (n.type === 'if_statement' || n.type === 'elif_clause' || n.type === 'while_statement') {
      let inCond = true;
      for (const c of children(n)) {
        if (c.type === 'then' || c.type === 'do_group') inCond = false;
        walk(c, fn, cond || inCond);
      }
      return;
    }
    if (n.type === 'pipeline' || n.type === 'negated_command') {
      for (const c of children(n)) walk(c, fn, true);
      return;
    }
    for (const c of children(n)) walk(c, fn, cond);
  };
  walk(tree.rootNode, null, false);
  return { commands, functions };
}
