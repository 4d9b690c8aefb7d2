/**
 * Script following, case by case: which scripts a RUN reaches, and which commands in
 * them count. Each test builds a tiny repository, runs the engine, and looks at one
 * script: edited when the RUN reaches it (and mounts the cache), byte-identical when not.
 * Whole realistic trees live in __testfixtures__/scripts/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, EngineOptions, processRoot, RootResult } from '../src/engine';
import { initShellParser } from '../src/shell/parser';
import { tempDir } from './helpers';

const OPTIONS: EngineOptions = { ...DEFAULT_OPTIONS, aptKeepDownloaded: false };

/** An installer whose only cleanup is `apt-get clean` (droppable where /var/cache/apt is mounted). */
const INSTALL = '#!/bin/sh\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\napt-get clean\n';
const INSTALL_AFTER =
  '#!/bin/sh\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\n' +
  '# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)\n';

async function rewrite(files: Record<string, string>, options = OPTIONS): Promise<{ after: (p: string) => string; result: RootResult }> {
  const dir = tempDir('cachemount-scripts-');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const result = await processRoot({ root: dir }, options);
  const after = (p: string): string => {
    const f = result.files.find((x) => x.path === p);
    if (f?.status === 'failed') throw new Error(`${p} failed: ${f.reason}`);
    return f?.status === 'changed' ? f.after! : files[p];
  };
  return { after, result };
}

beforeAll(async () => {
  await initShellParser();
});

describe('which scripts a RUN runs', () => {
  test('shell options before the script path', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN bash -ex /tmp/install.sh\n',
      'install.sh': INSTALL,
    });
    expect(after('install.sh')).toBe(INSTALL_AFTER);
    expect(after('Dockerfile')).toContain('--mount=type=cache,target=/var/cache/apt,sharing=locked');
  });

  test('COPY in JSON form, with --chown', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY --chown=root:root ["install.sh", "/tmp/install.sh"]\nRUN sh /tmp/install.sh\n',
      'install.sh': INSTALL,
    });
    expect(after('install.sh')).toBe(INSTALL_AFTER);
  });

  test('exec-form RUN that runs a script with bash', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN ["bash", "/tmp/install.sh"]\n',
      'install.sh': INSTALL,
    });
    expect(after('Dockerfile')).toBe(
      'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\n' +
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n' +
        '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n' +
        '    ["bash", "/tmp/install.sh"]\n',
    );
    expect(after('install.sh')).toBe(INSTALL_AFTER);
  });

  test('a script only passed as an argument is not run', async () => {
    const files = {
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN chmod +x /tmp/install.sh && cat /tmp/install.sh\n',
      'install.sh': INSTALL,
    };
    const { after } = await rewrite(files);
    expect(after('install.sh')).toBe(INSTALL);
    expect(after('Dockerfile')).toBe(files.Dockerfile);
  });

  test('a script named in a comment line of a continued RUN is not run', async () => {
    const files = {
      Dockerfile:
        'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN echo start && \\\n    # bash /tmp/install.sh \\\n    echo end\n',
      'install.sh': INSTALL,
    };
    const { after } = await rewrite(files);
    expect(after('install.sh')).toBe(INSTALL);
    expect(after('Dockerfile')).toBe(files.Dockerfile);
  });

  test('a file that COPY --from put over a copied one is not the repo file', async () => {
    const files = {
      Dockerfile:
        'FROM alpine:3.20 AS gen\nRUN printf \'#!/bin/sh\\necho generated\\n\' > /install.sh\n\n' +
        'FROM debian:bookworm-slim\nCOPY install.sh /tmp/install.sh\nCOPY --from=gen /install.sh /tmp/install.sh\nRUN sh /tmp/install.sh\n',
      'install.sh': INSTALL,
    };
    const { after } = await rewrite(files);
    expect(after('install.sh')).toBe(INSTALL);
    expect(after('Dockerfile')).toBe(files.Dockerfile);
  });

  test("a bind mount hides what COPY put at the same place", async () => {
    const files = {
      Dockerfile:
        'FROM debian:bookworm-slim\nCOPY old/ /ci/\nRUN --mount=type=bind,source=ci,target=/ci \\\n    sh /ci/install.sh\n',
      'old/install.sh': INSTALL,
      'ci/install.sh': INSTALL,
    };
    const { after } = await rewrite(files);
    expect(after('ci/install.sh')).toBe(INSTALL_AFTER);
    expect(after('old/install.sh')).toBe(INSTALL);
  });

  test('a relative `.` from a script resolves against WORKDIR', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nWORKDIR /opt/app\nCOPY . .\nRUN ./build.sh\n',
      'build.sh': '#!/bin/sh\nset -e\n. ./lib/common.sh\nsetup_system\n',
      'lib/common.sh': '#!/bin/sh\nsetup_system() {\n  apt-get update\n  apt-get install -y --no-install-recommends make\n  apt-get clean\n}\n',
    });
    expect(after('lib/common.sh')).toBe(
      '#!/bin/sh\nsetup_system() {\n  apt-get update\n  apt-get install -y --no-install-recommends make\n' +
        '  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)\n}\n',
    );
  });

  test('USER root again after a non-root USER: mounted and edited', async () => {
    const { after } = await rewrite({
      Dockerfile:
        'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nUSER nobody\nRUN id\nUSER root\nRUN sh /tmp/install.sh\n',
      'install.sh': INSTALL,
    });
    expect(after('install.sh')).toBe(INSTALL_AFTER);
  });

  test('USER 0:0 counts as root', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nUSER 0:0\nRUN sh /tmp/install.sh\n',
      'install.sh': INSTALL,
    });
    expect(after('install.sh')).toBe(INSTALL_AFTER);
  });
});

describe('which commands of a script count', () => {
  test('a trap with a quoted handler calls the function', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN bash /tmp/install.sh\n',
      'install.sh':
        "#!/bin/bash\nset -e\ncleanup() {\n  rm -rf /tmp/src\n  apt-get clean\n}\ntrap 'cleanup' EXIT\napt-get update\napt-get install -y --no-install-recommends curl\n",
    });
    expect(after('install.sh')).toBe(
      '#!/bin/bash\nset -e\ncleanup() {\n  rm -rf /tmp/src\n' +
        '  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)\n}\n' +
        "trap 'cleanup' EXIT\napt-get update\napt-get install -y --no-install-recommends curl\n",
    );
  });

  test('a function called only from a function nobody calls does not count', async () => {
    const script =
      '#!/bin/bash\nset -e\nwipe() {\n  apt-get clean\n}\nmaintenance() {\n  wipe\n}\napt-get update\napt-get install -y --no-install-recommends curl\n';
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN bash /tmp/install.sh\n',
      'install.sh': script,
    });
    expect(after('install.sh')).toBe(script);
    expect(after('Dockerfile')).toContain('--mount=type=cache,target=/var/cache/apt,sharing=locked');
  });

  test('a function called through another called function counts', async () => {
    const { after } = await rewrite({
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY install.sh /tmp/\nRUN bash /tmp/install.sh\n',
      'install.sh':
        '#!/bin/bash\nset -e\nwipe() {\n  apt-get clean\n}\nfinish() {\n  wipe\n}\ntrap finish EXIT\napt-get update\napt-get install -y --no-install-recommends curl\n',
    });
    expect(after('install.sh')).toBe(
      '#!/bin/bash\nset -e\nwipe() {\n' +
        '  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)\n  :\n}\n' +
        'finish() {\n  wipe\n}\ntrap finish EXIT\napt-get update\napt-get install -y --no-install-recommends curl\n',
    );
  });

  test('a script that runs no package manager gives its RUN no mount', async () => {
    const files = {
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY tidy.sh /tmp/\nRUN sh /tmp/tidy.sh\n',
      'tidy.sh': '#!/bin/sh\napt-get clean\nrm -rf /var/lib/apt/lists/*\n',
    };
    const { after } = await rewrite(files);
    expect(after('Dockerfile')).toBe(files.Dockerfile);
    expect(after('tidy.sh')).toBe(files['tidy.sh']);
  });
});
