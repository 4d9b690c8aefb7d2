import type { ShellCommand } from '../shell/commands';
import { CacheContext, CacheRecipe, ManagerCommand } from './recipe';

/** `-Dmaven.repo.local=…` in the command or in MAVEN_OPTS / MAVEN_ARGS. */
function repoLocal(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const m = /^-Dmaven\.repo\.local=(.+)$/.exec(words[i]);
    if (m) return m[1].replace(/^"(.*)"$/, '$1');
    if (words[i] === '-Dmaven.repo.local') return words[i + 1];
  }
  return undefined;
}

/** Maven finds the local repository under the user's home as the passwd file gives it, not $HOME. */
function home(ctx: CacheContext): string {
  return ctx.user.home === '/' ? '' : ctx.user.home;
}

/**
 * Maven (`mvn`, `./mvnw`): the local repository ~/.m2/repository (under the user's passwd
 * home; -Dmaven.repo.local moves it, on the command line or in MAVEN_OPTS/MAVEN_ARGS).
 * Never all of ~/.m2, which holds settings.xml. The wrapper downloads Maven itself into
 * ~/.m2/wrapper. Maven locks only within one JVM: locked.
 */
export const maven: CacheRecipe = {
  id: 'maven',
  title: 'Maven',
  roles: [
    {
      id: 'maven',
      holds: 'downloaded artifacts and plugins',
      sharing: 'locked',
      locate: (ctx) => {
        const env = [ctx.env.get('MAVEN_OPTS'), ctx.env.get('MAVEN_ARGS')].filter(Boolean).join(' ').split(/\s+/);
        return { path: repoLocal(env) ?? `${home(ctx)}/.m2/repository` };
      },
    },
    { id: 'maven-wrapper', holds: 'Maven distributions the wrapper downloads', sharing: 'locked', locate: (ctx) => ({ path: `${(ctx.env.get('MAVEN_USER_HOME') ?? `${home(ctx)}/.m2`).replace(/\/+$/, '')}/wrapper` }) },
  ],
  lockedBecause: 'Maven locks its local repository only within one JVM',
  classify(cmd: ShellCommand): ManagerCommand | null {
    const wrapper = cmd.name === 'mvnw';
    if (cmd.name !== 'mvn' && !wrapper) return null;
    const own = repoLocal(cmd.args.map((a) => a.value));
    const goals = cmd.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value);
    const label = `${wrapper ? './mvnw' : 'mvn'} ${goals.slice(0, 2).join(' ')}`.trim();
    // `mvn --version` and friends run nothing that resolves artifacts
    if (!goals.length) return { manager: 'maven', action: 'other', disabling: [], label };
    return { manager: 'maven', action: 'download', uses: wrapper ? ['maven', 'maven-wrapper'] : ['maven'], relocates: own ? { maven: own } : undefined, disabling: [], label };
  },
};
