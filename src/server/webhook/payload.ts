// Push events of GitHub, GitLab, Gitea/Gogs and Bitbucket Cloud/Server, read into one shape.
import type { IncomingHttpHeaders } from 'node:http';
import { parseRef, type PushedRef } from './repo-match.js';

export type Provider = 'github' | 'gitlab' | 'gogs' | 'bitbucket' | 'bitbucketserver';

export interface PushEvent {
  provider: Provider;
  /** Every URL the payload gives for the repository (web, https clone, ssh clone). */
  repoURLs: string[];
  refs: PushedRef[];
  defaultBranch: string | undefined;
}

/** What the headers say: which provider, and whether the event is a push (pings and others are acknowledged and ignored). */
export function detectProvider(h: IncomingHttpHeaders): { provider: Provider; event: string } | undefined {
  const one = (k: string) => {
    const v = h[k];
    return Array.isArray(v) ? v[0] : v;
  };
  if (one('x-github-event')) return { provider: 'github', event: one('x-github-event') ?? '' };
  if (one('x-gitlab-event')) return { provider: 'gitlab', event: one('x-gitlab-event') ?? '' };
  if (one('x-gitea-event')) return { provider: 'gogs', event: one('x-gitea-event') ?? '' };
  if (one('x-gogs-event')) return { provider: 'gogs', event: one('x-gogs-event') ?? '' };
  const key = one('x-event-key');
  if (key)
    return {
      provider:
        key.startsWith('repo:refs_changed') || key.startsWith('diagnostics')
          ? 'bitbucketserver'
          : 'bitbucket',
      event: key,
    };
  return undefined;
}

export function isPushEvent(provider: Provider, event: string): boolean {
  switch (provider) {
    case 'github':
    case 'gogs':
      return event === 'push';
    case 'gitlab':
      return event === 'Push Hook' || event === 'Tag Push Hook';
    case 'bitbucket':
      return event === 'repo:push';
    case 'bitbucketserver':
      return event === 'repo:refs_changed';
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const defined = (xs: (string | undefined)[]): string[] => xs.filter((x): x is string => x !== undefined);

export function parsePush(provider: Provider, body: unknown): PushEvent {
  const b = obj(body);
  const refOf = (r: unknown) => {
    const p = parseRef(str(r) ?? '');
    return p ? [p] : [];
  };
  switch (provider) {
    case 'github':
    case 'gogs': {
      const repo = obj(b.repository);
      return {
        provider,
        repoURLs: defined([str(repo.html_url), str(repo.clone_url), str(repo.ssh_url), str(repo.git_url)]),
        refs: refOf(b.ref),
        defaultBranch: str(repo.default_branch),
      };
    }
    case 'gitlab': {
      const project = obj(b.project);
      const repo = obj(b.repository);
      return {
        provider,
        repoURLs: defined([
          str(project.web_url),
          str(project.git_http_url),
          str(project.git_ssh_url),
          str(repo.homepage),
          str(repo.git_http_url),
          str(repo.git_ssh_url),
        ]),
        refs: refOf(b.ref),
        defaultBranch: str(project.default_branch),
      };
    }
    case 'bitbucket': {
      const repo = obj(b.repository);
      const html = str(obj(obj(obj(repo.links).html)).href);
      const fullName = str(repo.full_name);
      const refs: PushedRef[] = [];
      for (const c of arr(obj(b.push).changes)) {
        const n = obj(obj(c).new);
        const name = str(n.name);
        if (name && (n.type === 'branch' || n.type === 'tag')) refs.push({ name, kind: n.type });
      }
      const urls = defined([html]);
      if (fullName) urls.push(`https://bitbucket.org/${fullName}`, `git@bitbucket.org:${fullName}.git`);
      return { provider, repoURLs: urls, refs, defaultBranch: undefined };
    }
    case 'bitbucketserver': {
      const repo = obj(b.repository);
      const clones = arr(obj(repo.links).clone).map((c) => str(obj(c).href));
      const refs = arr(b.changes).flatMap((c) => refOf(obj(obj(c).ref).id));
      return { provider, repoURLs: defined(clones), refs, defaultBranch: undefined };
    }
  }
}
