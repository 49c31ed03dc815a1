// Per-render limits (combined manifest size, file count, YAML aliases and nesting depth, tool time):
// defaults, Argo CD's key names, and the LimitExceeded error that names the limit and how to raise it.
import { RenderError, type RenderTool } from './errors.js';

export interface RenderLimits {
  /** Combined bytes of the manifest files read and the tool output of one render. */
  maxManifestBytes: number;
  /** Manifest files (YAML, JSON, Jsonnet) one directory source may have. */
  maxFiles: number;
  /** Alias expansions one YAML document may make. */
  maxYamlAliases: number;
  /** Nesting of mappings and sequences in one document. */
  maxDepth: number;
  /** One helm/kustomize/jsonnet run. */
  renderTimeoutMs: number;
}

export type LimitName = keyof RenderLimits;

/** Argo CD's default for reposerver.max.combined.directory.manifests.size is `10M` (10,000,000 bytes). */
export const DEFAULT_LIMITS: RenderLimits = {
  maxManifestBytes: 10_000_000,
  maxFiles: 10_000,
  maxYamlAliases: 1_000,
  maxDepth: 256,
  renderTimeoutMs: 90_000,
};

/** Where each limit is configured: the argocd-cmd-params-cm key (Argo CD's where it has one) and the flag. */
export const LIMIT_SETTINGS: Record<LimitName, { key: string; flag: string; what: string }> = {
  maxManifestBytes: {
    key: 'reposerver.max.combined.directory.manifests.size',
    flag: '--max-manifests-size',
    what: 'combined manifest size',
  },
  maxFiles: {
    key: 'reposerver.max.directory.files',
    flag: '--max-manifest-files',
    what: 'manifest file count',
  },
  maxYamlAliases: {
    key: 'reposerver.max.yaml.aliases',
    flag: '--max-yaml-aliases',
    what: 'YAML alias expansions',
  },
  maxDepth: { key: 'reposerver.max.yaml.depth', flag: '--max-yaml-depth', what: 'nesting depth' },
  renderTimeoutMs: {
    key: 'exec.timeout (ARGOCD_EXEC_TIMEOUT)',
    flag: '--render-timeout',
    what: 'render time',
  },
};

export function limitExceeded(
  limit: LimitName,
  detail: string,
  where: { tool: RenderTool; file?: string | undefined; line?: number | undefined },
): RenderError {
  const s = LIMIT_SETTINGS[limit];
  return new RenderError(`${s.what} limit exceeded: ${detail}`, {
    reason: 'LimitExceeded',
    tool: where.tool,
    file: where.file,
    line: where.line,
    hint: `make the source smaller, or raise the limit: ${s.key} in argocd-cmd-params-cm or ${s.flag}`,
  });
}

/** Parses a Kubernetes quantity of bytes as Argo CD reads the size key: `10M`, `10Mi`, `500k`, `1G`, plain digits. */
export function parseByteQuantity(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|M|G|T|Ki|Mi|Gi|Ti)?\s*$/.exec(text);
  if (!m) return undefined;
  const unit: Record<string, number> = {
    '': 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  const n = Math.floor(Number(m[1]) * (unit[m[2] ?? ''] ?? 1));
  return n > 0 ? n : undefined;
}

export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} bytes`;
}

/** Adds `bytes` to the render's budget; throws when the combined size passes the limit. */
export function spendBytes(
  budget: { bytes: number },
  limits: RenderLimits,
  bytes: number,
  where: { tool: RenderTool; file?: string | undefined },
): void {
  budget.bytes += bytes;
  if (budget.bytes > limits.maxManifestBytes)
    throw limitExceeded(
      'maxManifestBytes',
      `the manifests reach ${formatBytes(budget.bytes)}, more than ${formatBytes(limits.maxManifestBytes)}`,
      where,
    );
}

/** The deepest nesting of arrays and objects in a parsed value, counted without recursion. */
export function valueDepth(value: unknown, stopAt: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/**
 * An upper bound of the nesting of YAML/JSON text, read without parsing: flow brackets outside
 * quotes, plus block indentation levels and compact `- - ` entries. Lets deep documents be refused
 * before the parser (which recurses) sees them.
 */
export function textDepth(text: string): number {
  let max = 0;
  let flow = 0;
  const indents: number[] = [];
  for (const line of text.split('\n')) {
    const body = line.trimStart();
    if (flow === 0 && body !== '' && !body.startsWith('#')) {
      const indent = line.length - body.length;
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
      const dashes = /^(?:-\s+)*/.exec(body)?.[0].replace(/\s/g, '').length ?? 0;
      max = Math.max(max, indents.length + dashes);
    }
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
        continue;
      }
      // A quote opens a quoted scalar only where a scalar can start (line start, after space or an indicator).
      if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(line[i - 1] ?? ''))) quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) break;
      else if (c === '[' || c === '{') max = Math.max(max, indents.length + ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
  }
  return max;
}
