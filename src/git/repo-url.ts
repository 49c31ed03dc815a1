// Parses and vets repository URLs: only file, http(s) and ssh transports, nothing git could read as
// an option or a remote helper, and a credential-free form used for cache keys and messages.
import { GitError } from './errors.js';

export type Transport = 'file' | 'http' | 'https' | 'ssh';

export interface RepoURL {
  transport: Transport;
  /** What git is given: userinfo of http(s) URLs removed (credentials go through askpass). */
  gitURL: string;
  /** Lower-cased host, no credentials, no trailing `.git` or `/`: the identity of the repository. */
  normalized: string;
  /** The URL as the user wrote it, any password replaced: what messages name. */
  display: string;
  /** `user:password` found in an http(s) URL, if any. */
  embedded?: { username: string; password: string };
}

const SCP_LIKE = /^([A-Za-z0-9._~-]+)@([A-Za-z0-9.-]+|\[[0-9a-fA-F:.]+\]):(.+)$/;

function invalid(url: string, why: string): GitError {
  return new GitError(`invalid repository URL ${JSON.stringify(safeForMessage(url))}: ${why}`, {
    reason: 'InvalidRepoURL',
    hint: 'use an https://, http://, ssh://, git@host:path or file:// URL',
  });
}

/** The URL with any password replaced, for messages. */
export function safeForMessage(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (_m, scheme: string, userinfo: string) =>
    userinfo.includes(':') ? `${scheme}${userinfo.split(':')[0] ?? ''}:***@` : `${scheme}${userinfo}@`,
  );
}

function stripGitSuffix(p: string): string {
  return p.replace(/\/+$/, '').replace(/\.git$/, '');
}

/** Validates a repository URL; throws GitError(InvalidRepoURL) for anything outside the allowed set. */
export function parseRepoURL(raw: string): RepoURL {
  const url = raw.trim();
  if (!url) throw invalid(raw, 'it is empty');
  if (url.startsWith('-')) throw invalid(url, 'it starts with "-" and could be read as an option');
  // Control characters and whitespace have no place in a URL and could smuggle config lines.
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\s\x00-\x1f\x7f]/.test(url)) throw invalid(url, 'it contains whitespace or control characters');
  // `<helper>::<address>` selects a git remote helper (ext:: runs arbitrary commands).
  if (/^[A-Za-z0-9+.-]+::/.test(url)) throw invalid(url, 'remote helpers (such as ext::) are not allowed');

  const scp = SCP_LIKE.exec(url);
  if (scp && !url.includes('://')) {
    const [, user = '', host = '', path = ''] = scp;
    if (host.startsWith('-') || user.startsWith('-')) throw invalid(url, 'the host or user starts with "-"');
    return {
      transport: 'ssh',
      gitURL: url,
      display: url,
      normalized: `ssh://${user}@${host.toLowerCase()}/${stripGitSuffix(path.replace(/^\/+/, ''))}`,
    };
  }

  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid(url, 'it is not a URL');
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'file' && scheme !== 'http' && scheme !== 'https' && scheme !== 'ssh') {
    throw invalid(url, `the transport "${scheme}" is not allowed`);
  }
  if (u.hostname.startsWith('-') || decodeURIComponent(u.username).startsWith('-')) {
    throw invalid(url, 'the host or user starts with "-"');
  }
  if (scheme === 'file') {
    if (u.hostname && u.hostname !== 'localhost') throw invalid(url, 'file:// URLs must name a local path');
    return {
      transport: 'file',
      gitURL: `file://${u.pathname}`,
      display: url,
      normalized: `file://${stripGitSuffix(u.pathname)}`,
    };
  }
  const hostPort = u.host.toLowerCase();
  const path = stripGitSuffix(u.pathname);
  if (scheme === 'ssh') {
    if (u.password) throw invalid(url, 'ssh URLs cannot carry a password; use sshPrivateKey');
    const user = u.username ? `${u.username}@` : '';
    return { transport: 'ssh', gitURL: url, display: url, normalized: `ssh://${user}${hostPort}${path}` };
  }
  const embedded = u.username
    ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) }
    : undefined;
  const clean = new URL(url);
  clean.username = '';
  clean.password = '';
  const result: RepoURL = {
    transport: scheme,
    gitURL: clean.toString(),
    display: safeForMessage(url),
    normalized: `${scheme}://${hostPort}${path}`,
  };
  if (embedded) result.embedded = embedded;
  return result;
}

/** Normalized form used to compare URLs (credential matching, cache keys); never throws. */
export function normalizeRepoURL(raw: string): string {
  // Argo CD names an OCI registry with or without `oci://`: both are the same repository.
  const url = raw.trim().replace(/^oci:\/\//i, '');
  try {
    return parseRepoURL(url).normalized;
  } catch {
    return stripGitSuffix(url.toLowerCase());
  }
}
