// Test helper: runs a CLI command in this process, capturing stdout, stderr and the exit code it sets.
import type { Command } from 'commander';

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(command: Command, args: readonly string[]): Promise<CommandRun> {
  const out = { stdout: '', stderr: '' };
  // Let the test runner write what it has queued (reports of earlier tests go to stdout) first.
  await new Promise((resolve) => setImmediate(resolve));
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write, exitCode: process.exitCode };
  process.stdout.write = ((s: string) => ((out.stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((out.stderr += s), true)) as typeof process.stderr.write;
  try {
    process.exitCode = undefined;
    await command.exitOverride().parseAsync([...args], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), ...out };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
  }
}
