// A commit's author, date, message and tags as Argo CD's RevisionMetadata: the `git log` arguments and their parser.

export interface RevisionMetadata {
  /** `Name <email>`, as Argo CD shows it. */
  author: string;
  /** RFC 3339, UTC. */
  date: string;
  message: string;
  tags?: string[];
}

const SEP = '%x00';

/** `git log` arguments printing one commit's metadata, NUL-separated; `sha` must already be a verified full SHA. */
export function revisionMetadataArgs(sha: string): string[] {
  return [
    'log',
    '-1',
    '--no-color',
    '--decorate-refs=refs/tags/',
    `--format=%an <%ae>${SEP}%aI${SEP}%D${SEP}%B`,
    '--end-of-options',
    sha,
  ];
}

/** Parses the output of `revisionMetadataArgs`; undefined when it is not one commit's record. */
export function parseRevisionMetadata(stdout: string): RevisionMetadata | undefined {
  const parts = stdout.split('\0');
  if (parts.length < 4) return undefined;
  const [author = '', isoDate = '', decorations = '', ...rest] = parts;
  const when = new Date(isoDate.trim());
  if (Number.isNaN(when.getTime())) return undefined;
  const tags = decorations
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.startsWith('tag: '))
    .map((d) => d.slice('tag: '.length));
  const out: RevisionMetadata = {
    author: author.trim(),
    date: when.toISOString(),
    message: rest.join('\0').trim(),
  };
  if (tags.length > 0) out.tags = tags;
  return out;
}
