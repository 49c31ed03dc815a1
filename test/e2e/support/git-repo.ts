// A real Git repository in a temp dir for e2e tests: write files, commit, revert; served over file://.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'e2e',
  GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
  GIT_COMMITTER_NAME: 'e2e',
  GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export class TestRepo {
  readonly dir: string;
  /** A new repository in a temp dir, or the one already in `dir` (another process's, e.g. a bench's committer). */
  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'driftless-e2e-repo-'));
    if (!dir) this.git('init', '-q', '-b', 'main');
  }
  get url(): string {
    return `file://${this.dir}`;
  }
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env, encoding: 'utf8' }).trim();
  }
  write(files: Record<string, string>): this {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return this;
  }
  remove(...paths: string[]): this {
    for (const p of paths) rmSync(join(this.dir, p), { recursive: true, force: true });
    return this;
  }
  /** Commits everything; returns the new SHA. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }
  /** Commits everything without blocking the event loop (for a process that also serves, as benches do). */
  async commitAsync(message: string): Promise<void> {
    const run = promisify(execFile);
    await run('git', ['add', '-A'], { cwd: this.dir, env });
    await run('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: this.dir, env });
  }
  head(): string {
    return this.git('rev-parse', 'HEAD');
  }
  revert(sha: string): string {
    this.git('revert', '--no-edit', sha);
    return this.head();
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
