// `app diff`: a unified diff per modified resource, live vs desired as the server compares them (exit 0 none, 1 diff, 2 error).
import type { Command } from 'commander';
import { compareResource, parseManifests, unifiedDiff } from '../../diff/index.js';
import { keyOf, keyString, objectKeyString, type KubeObject } from '../../model/index.js';
import type { ResourceDiff } from '../../server/managed-resources.js';
import { clientFor, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand } from '../output.js';
import { resourceLabel } from './app-resource-arg.js';
import {
  pinsRevisions,
  sourceRevisionQuery,
  withSourceRevisionFlags,
  type SourceRevisionFlags,
} from './source-revision-flags.js';

const EXIT_NO_DIFF = 0;
const EXIT_DIFF = 1;
const EXIT_ERROR = 2;

interface DiffFlags extends RemoteFlags, SourceRevisionFlags {}

export function appDiffCommand(): Command {
  const cmd = withRemote(
    newCommand(
      'diff',
      'show how the live state differs from the target (exit 0 in sync, 1 different, 2 error)',
    ),
  ).argument('<name>', 'application name');
  return withSourceRevisionFlags(
    cmd,
    'compare against this revision instead of the target revision (single-source apps)',
  ).action(
    remoteAction(
      async (name: string, f: DiffFlags) => {
        const client = clientFor(f);
        const at = sourceRevisionQuery(f);
        const { items } = await client.managedResources(name);
        const texts = pinsRevisions(f)
          ? diffAgainst(
              items,
              parseManifests((await client.manifests(name, at)).manifests.join('\n---\n'), 'manifests'),
            )
          : items.filter((r) => r.modified).map(diffOf);
        for (const t of texts) process.stdout.write(t);
        return texts.length > 0 ? EXIT_DIFF : EXIT_NO_DIFF;
      },
      { errorCode: EXIT_ERROR },
    ),
  );
}

const parse = (json: string): unknown => (json ? (JSON.parse(json) as unknown) : null);
const orUndefined = (v: unknown) => (v === null ? undefined : v);

function header(r: { group: string; kind: string; namespace: string; name: string }): string {
  return `===== ${resourceLabel(r)} =====\n`;
}

/** The diff the server's comparison found, rendered from its normalized sides. */
export function diffOf(r: ResourceDiff): string {
  const label = resourceLabel(r);
  const text = unifiedDiff(
    orUndefined(parse(r.normalizedLiveState)),
    orUndefined(parse(r.predictedLiveState)),
    {
      fromLabel: `live ${label}`,
      toLabel: `desired ${label}`,
    },
  );
  return header(r) + (text || '(differs only in fields the comparison normalizes)\n');
}

/** Compares the live objects with the manifests of another revision, as the controller would. */
function diffAgainst(items: ResourceDiff[], desired: KubeObject[]): string[] {
  const live = new Map<string, KubeObject>();
  for (const r of items) {
    const obj = parse(r.liveState) as KubeObject | null;
    if (obj) live.set(keyString({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name }), obj);
  }
  const out: string[] = [];
  const wanted = new Set<string>();
  for (const d of desired) {
    const ref = keyOf(d);
    const key = keyString(ref);
    const l = live.get(key) ?? findIgnoringNamespace(live, ref);
    wanted.add(l ? objectKeyString(l) : key);
    const c = compareResource({ desired: d, live: l });
    if (!c.modified) continue;
    const label = resourceLabel(ref);
    out.push(
      header(ref) +
        unifiedDiff(c.normalizedLive, c.normalizedDesired, {
          fromLabel: `live ${label}`,
          toLabel: `desired ${label}`,
        }),
    );
  }
  for (const [key, l] of live) {
    if (wanted.has(key)) continue;
    const ref = keyOf(l);
    const label = resourceLabel(ref);
    out.push(
      header(ref) + unifiedDiff(l, undefined, { fromLabel: `live ${label}`, toLabel: `desired ${label}` }),
    );
  }
  return out;
}

/** Rendered manifests often omit the namespace the app's destination supplies. */
function findIgnoringNamespace(
  live: Map<string, KubeObject>,
  ref: { group: string; kind: string; name: string },
): KubeObject | undefined {
  for (const o of live.values())
    if (o.kind === ref.kind && keyOf(o).group === ref.group && o.metadata.name === ref.name) return o;
  return undefined;
}
