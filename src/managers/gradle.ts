import type { ShellCommand } from '../shell/commands';
import { imageIs, optionValue } from './args';
import { CacheContext, CacheRecipe, ManagerCommand } from './recipe';

function userHome(ctx: CacheContext): string {
  const own = ctx.env.get('GRADLE_USER_HOME') ?? /-Dgradle\.user\.home=(\S+)/.exec(`${ctx.env.get('GRADLE_OPTS') ?? ''} ${ctx.env.get('JAVA_OPTS') ?? ''}`)?.[1];
  if (own) return own.replace(/\/+$/, '');
  // the gradle images link /root/.gradle to /home/gradle/.gradle: mount the real folder
  if (ctx.user.uid === 0 && imageIs(ctx.image, 'gradle')) return '/home/gradle/.gradle';
  return `${ctx.user.home === '/' ? '' : ctx.user.home}/.gradle`;
}

/**
 * Gradle (`gradle`, `./gradlew`): $GRADLE_USER_HOME/caches (GRADLE_USER_HOME defaults to
 * ~/.gradle under the user's passwd home; -g and -Dgradle.user.home move it); the wrapper
 * downloads Gradle itself into …/wrapper/dists. Never the whole user home: it holds
 * gradle.properties and init scripts. Gradle's cross-process locks talk over localhost,
 * which concurrent builds in other containers cannot reach: locked.
 */
export const gradle: CacheRecipe = {
  id: 'gradle',
  title: 'Gradle',
  roles: [
    { id: 'gradle', holds: 'downloaded dependencies and build caches', sharing: 'locked', locate: (ctx) => ({ path: `${userHome(ctx)}/caches` }) },
    { id: 'gradle-wrapper', holds: 'Gradle distributions the wrapper downloads', sharing: 'locked', locate: (ctx) => ({ path: `${userHome(ctx)}/wrapper/dists` }) },
  ],
  lockedBecause: "Gradle's locks cannot reach a build in another container",
  classify(cmd: ShellCommand): ManagerCommand | null {
    const wrapper = cmd.name === 'gradlew';
    if (cmd.name !== 'gradle' && !wrapper) return null;
    const own = optionValue(cmd.args, ['-g', '--gradle-user-home']) ?? cmd.args.map((a) => /^-Dgradle\.user\.home=(.+)$/.exec(a.value)?.[1]).find(Boolean);
    const label = `${wrapper ? './gradlew' : 'gradle'} ${cmd.args.find((a) => !a.value.startsWith('-'))?.value ?? ''}`.trim();
    if (cmd.args.some((a) => a.value === '--version' || a.value === '-v' || a.value === '--stop' || a.value === '--help')) return { manager: 'gradle', action: 'other', disabling: [], label };
    const relocates = own ? { gradle: `${own.replace(/\/+$/, '')}/caches`, 'gradle-wrapper': `${own.replace(/\/+$/, '')}/wrapper/dists` } : undefined;
    return { manager: 'gradle', action: 'download', uses: wrapper ? ['gradle', 'gradle-wrapper'] : ['gradle'], relocates, disabling: [], label };
  },
};
