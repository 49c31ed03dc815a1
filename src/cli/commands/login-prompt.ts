// Reading a username, a hidden password, or a yes/no answer from the terminal; a password from stdin.
import { createInterface } from 'node:readline';
import { UsageError } from '../context-client.js';

/** Asks on stderr; the answer is echoed unless `hidden`. Requires a terminal. */
export async function ask(question: string, opts: { hidden?: boolean; flag: string }): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError(`${question.replace(/:\s*$/, '')} is needed and stdin is not a terminal`, {
      hint: `pass ${opts.flag}`,
    });
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (opts.hidden) {
    // Echo nothing of what is typed; the prompt itself is written once, below.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    out._writeToOutput = () => undefined;
    process.stderr.write(question);
  }
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    if (opts.hidden) process.stderr.write('\n');
  }
}

export async function confirm(question: string): Promise<boolean> {
  const answer = await ask(`${question} [y/N] `, { flag: '--yes' });
  return /^y(es)?$/i.test(answer.trim());
}

/** The first line of stdin (for --password-stdin). */
export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}
