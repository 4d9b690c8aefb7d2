import type { DockerfileModel, RunInstruction, Stage } from '../dockerfile/model';
import { defaultUserOf, ImageUser, ROOT_USER, usersOfImage } from '../images';
import type { Project } from '../project';
import type { ShellCommand } from '../shell/commands';
import { rootImage } from './context';

/** Who runs a command: a known user (root included), or why it cannot be known. */
export type Who = { user: ImageUser } | { unknown: string };

/** Users and groups known at one point of a stage: from the base image and the RUNs before. */
class UserDb {
  constructor(
    readonly users: Map<string, ImageUser> = new Map(),
    readonly groups: Map<string, number> = new Map(),
    /** Users created in a way that leaves their uid or home to the build (`useradd app`). */
    readonly vague: Map<string, string> = new Map(),
  ) {}

  clone(): UserDb {
    return new UserDb(new Map(this.users), new Map(this.groups), new Map(this.vague));
  }

  byUid(uid: number): ImageUser | undefined {
    return [...this.users.values()].find((u) => u.uid === uid);
  }

  /** A group given by name or number. */
  gid(group: string): number | undefined {
    return /^\d+$/.test(group) ? Number(group) : this.groups.get(group);
  }
}

function imageDb(image: string): UserDb {
  const db = new UserDb();
  for (const u of [ROOT_USER, ...usersOfImage(image)]) {
    db.users.set(u.name, u);
    db.groups.set(u.name, u.gid);
  }
  return db;
}

/** The value of an option among a command's words: `-u 1000`, `--uid=1000`, `--uid 1000`, `-u1000`. */
function option(words: string[], names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    for (const n of names) {
      if (w === n) return words[i + 1];
      if (n.startsWith('--') && w.startsWith(`${n}=`)) return w.slice(n.length + 1);
      if (!n.startsWith('--') && w.startsWith(n) && w.length > n.length) return w.slice(n.length);
    }
  }
  return undefined;
}

/** The last word that is not an option or an option's value: the user or group name. */
function lastOperand(words: string[], withValue: Set<string>): string | undefined {
  let name: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('-')) {
      if (withValue.has(w)) i++;
      continue;
    }
    name = w;
  }
  return name;
}

const USERADD_VALUES = new Set(['-u', '--uid', '-g', '--gid', '-d', '--home-dir', '--home', '-h', '-s', '--shell', '-c', '--comment', '--gecos', '-G', '--groups', '--ingroup', '-k', '--skel', '-e', '--expiredate', '-f', '--inactive', '-K', '--key', '-p', '--password', '-b', '--base-dir', '-R', '--root', '-P', '--prefix', '--firstuid', '--lastuid', '--conf', '--extrausers']);
const GROUPADD_VALUES = new Set(['-g', '--gid', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix', '--firstgid', '--lastgid', '--conf']);

/** Applies what a command does to the user database: useradd, adduser, groupadd, addgroup, a passwd line written with echo. */
function applyCommand(db: UserDb, cmd: ShellCommand): void {
  const words = cmd.args.map((a) => (a.literal ? a.value : `$${a.value}`));
  if (cmd.name === 'groupadd' || cmd.name === 'addgroup') {
    const name = lastOperand(words, GROUPADD_VALUES);
    const gid = option(words, ['-g', '--gid']);
    // `addgroup user group` (Debian) adds a user to a group: two operands
    const operands = words.filter((w, i) => !w.startsWith('-') && !GROUPADD_VALUES.has(words[i - 1] ?? ''));
    if (name && operands.length === 1 && gid && /^\d+$/.test(gid)) db.groups.set(name, Number(gid));
    return;
  }
  if (cmd.name === 'useradd' || cmd.name === 'adduser') {
    const name = lastOperand(words, USERADD_VALUES);
    if (!name || name.includes('$')) return;
    const uid = option(words, ['-u', '--uid']);
    if (!uid || !/^\d+$/.test(uid)) {
      // a uid chosen at build time: not known here
      db.users.delete(name);
      db.vague.set(name, `${cmd.name} creates ${name} without a fixed uid (${cmd.name === 'useradd' ? '-u' : '--uid'})`);
      return;
    }
    const group = cmd.name === 'adduser' ? option(words, ['-G', '--gid', '--ingroup']) : option(words, ['-g', '--gid']);
    const gid = group !== undefined ? db.gid(group) : Number(uid);
    const home = option(words, ['-d', '--home-dir', '--home', '-h']) ?? `/home/${name}`;
    if (gid === undefined || home.includes('$')) {
      db.users.delete(name);
      db.vague.set(name, gid === undefined ? `the gid of group ${group} (for ${name}) is not set in the Dockerfile` : `the home of ${name} is not known before the build runs`);
      return;
    }
    db.users.set(name, { name, uid: Number(uid), gid, home });
    if (group === undefined) db.groups.set(name, gid);
    return;
  }
  // echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd
  if ((cmd.name === 'echo' || cmd.name === 'printf') && /\/etc\/passwd\b/.test(cmd.node.text)) {
    const m = /([a-z_][a-z0-9_.-]*):[^:\s]*:(\d+):(\d+):[^:]*:(\/[^:\s]*):/i.exec(cmd.node.text);
    if (m) db.users.set(m[1], { name: m[1], uid: Number(m[2]), gid: Number(m[3]), home: m[4] });
  }
}

/** Resolves a USER value (`app`, `app:grp`, `1000`, `1000:1000`) against the database. */
function resolve(db: UserDb, spec: string | null): Who {
  if (spec === null) return { user: ROOT_USER };
  const [name, group] = spec.split(':').map((x) => x.trim());
  if (/[$]/.test(spec)) return { unknown: `USER ${spec} is not known before the build runs` };
  const numeric = /^\d+$/.test(name);
  const known = numeric ? db.byUid(Number(name)) : db.users.get(name);
  if (!known) {
    if (numeric && Number(name) === 0) return { user: ROOT_USER };
    const vague = db.vague.get(name);
    if (vague) return { unknown: vague };
    return { unknown: `the Dockerfile does not say what uid and home ${numeric ? `uid ${name}` : `user ${name}`} has (created by the base image, or without a fixed --uid)` };
  }
  let gid = known.gid;
  if (group !== undefined) {
    const g = db.gid(group);
    if (g === undefined) return { unknown: `the Dockerfile does not say what gid group ${group} has` };
    gid = g;
  }
  return { user: { ...known, gid } };
}

/** Who runs each RUN (its USER), and each command that switches user (sudo, runuser), for every RUN of the files. */
export interface Users {
  ofRun(run: RunInstruction): Who;
  ofCommand(run: RunInstruction, command: ShellCommand): Who;
}

/**
 * Walks every Dockerfile's stages in order: a stage starts with its base stage's users
 * (or the base image's, from the table of well-known images), and each RUN adds the users
 * and groups it creates once it has run.
 */
export function userDatabase(project: Project): Users {
  const before = new Map<RunInstruction, UserDb>();
  for (const df of project.dockerfiles) walkFile(project, df, before);
  return {
    ofRun: (run) => resolve(before.get(run) ?? imageDb(rootImage(run.stage)), userOf(run)),
    ofCommand: (run, command) => {
      const db = before.get(run) ?? imageDb(rootImage(run.stage));
      return command.runAs !== null ? resolve(db, command.runAs) : resolve(db, userOf(run));
    },
  };
}

/** The RUN's USER, or the one its base image leaves in effect. */
function userOf(run: RunInstruction): string | null {
  return run.user ?? defaultUserOf(rootImage(run.stage));
}

function walkFile(project: Project, df: DockerfileModel, before: Map<RunInstruction, UserDb>): void {
  const ends = new Map<Stage, UserDb>();
  for (const stage of df.stages) {
    const db = stage.baseStage ? (ends.get(stage.baseStage) ?? imageDb(rootImage(stage))).clone() : imageDb(stage.image);
    for (const run of stage.runs) {
      before.set(run, db.clone());
      for (const eu of project.executes.get(run) ?? []) for (const c of eu.commands) applyCommand(db, c);
    }
    ends.set(stage, db);
  }
}
