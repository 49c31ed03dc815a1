// A commit author as Git prints it, `Name <email>`: one parser for every flag and setting that takes one.
import { AbortError } from './errors.js';

export interface GitAuthor {
  name: string;
  email: string;
}

/** `Name <email>` → { name, email }; `what` names the flag or setting in the error (e.g. `--author`). */
export function parseGitAuthor(text: string, what: string): GitAuthor {
  const m = /^\s*([^<>]+?)\s*<([^<>\s]+)>\s*$/.exec(text);
  if (!m?.[1] || !m[2])
    throw new AbortError(`${what} "${text}" is not "Name <email>"`, {
      hint: `for example ${what.startsWith('-') ? `${what} ` : ''}"Release Bot <release@example.com>"`,
    });
  return { name: m[1], email: m[2] };
}

export const formatGitAuthor = (a: GitAuthor): string => `${a.name} <${a.email}>`;
