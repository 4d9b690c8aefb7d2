import * as fs from 'node:fs';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Exclusive lock through an O_EXCL lock file holding the owner's pid. A lock
 * left behind by a process that no longer exists is taken over, so a run that
 * was killed half-way does not block the next one.
 */
export async function withLock<T>(file: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = parseInt(fs.readFileSync(file, 'utf8'), 10);
    } catch {
      continue; // vanished between open and read: try again
    }
    if (!Number.isFinite(owner) || !pidAlive(owner)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${file} (held by pid ${owner})`);
    }
    if (!announced) {
      process.stderr.write(`cachemount-e2e: waiting for ${file} (held by pid ${owner})\n`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
