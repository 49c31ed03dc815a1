// Per-resource live, desired and diff of an app, with every Secret value masked (the same mask on both sides).
import { compareInputFor } from '../controller/compare-object.js';
import type { Prediction } from '../controller/prediction-cache.js';
import { compareResource, maskSecrets, projectLive, SecretMasker, unifiedDiff } from '../diff/index.js';
import type { Application, KubeObject } from '../model/index.js';
import { parseKeyString } from '../model/index.js';
import { HttpError } from './http-error.js';
import type { ReadPort } from './ports.js';

export interface ResourceDiff {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** JSON text, as Argo CD sends it (`"null"` when absent). */
  liveState: string;
  targetState: string;
  normalizedLiveState: string;
  predictedLiveState: string;
  diff: string;
  modified: boolean;
  hook: boolean;
  resourceVersion: string;
}

const text = (o: unknown) => JSON.stringify(o ?? null);

/** A predicted Secret masked with the same masker as its pair, so equal values still compare equal. */
function maskPrediction(p: Prediction | undefined, masker: SecretMasker): Prediction | undefined {
  return p?.kind === 'predicted' ? { kind: 'predicted', predicted: maskSecrets(p.predicted, masker) } : p;
}

/** Removes what a view never needs and Argo CD does not show (managedFields bodies). */
function trim(o: KubeObject | undefined): KubeObject | undefined {
  if (!o) return undefined;
  const { managedFields: _m, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

export async function managedResources(read: ReadPort, app: Application): Promise<{ items: ResourceDiff[] }> {
  const m = await read.manifests(app);
  if (!m.ok)
    throw new HttpError(
      409,
      `cannot compare ${app.metadata.name}: ${m.condition.message}`,
      'fix the source, then retry',
    );
  const settings = read.diffSettings();
  const ignoreDifferences = [...(app.spec.ignoreDifferences ?? []), ...settings.ignoreDifferences];
  const items: ResourceDiff[] = [];
  for (const p of m.pairs) {
    const key = parseKeyString(p.key);
    const masker = new SecretMasker();
    const desired = p.desired ? maskSecrets(trim(p.desired), masker) : undefined;
    const live = p.live ? maskSecrets(trim(p.live), masker) : undefined;
    let normalizedLive = live;
    let predicted = desired;
    if (p.desired) {
      // compareResource masks Secrets itself; give it the masked pair so one masker decides both sides.
      const c = compareResource(
        compareInputFor(
          {
            desired: desired as KubeObject,
            live,
            ignoreDifferences,
            managedFieldsManager: read.fieldManager,
          },
          maskPrediction(p.prediction, masker),
          settings,
        ),
      );
      // Live trimmed to the fields Git declares, plus the drift: a diff of normalizedLiveState and
      // predictedLiveState then shows drift, not the defaults the API server filled in (Argo CD gets the
      // same effect by predicting live with a dry run). liveState keeps the whole object.
      normalizedLive = c.normalizedLive
        ? (projectLive(c.normalizedDesired, c.normalizedLive, new Set(c.diffPaths)) as KubeObject)
        : undefined;
      predicted = c.normalizedDesired;
    }
    const name = `${key.kind}/${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
    items.push({
      group: key.group,
      kind: key.kind,
      namespace: key.namespace,
      name: key.name,
      liveState: text(live),
      targetState: text(desired),
      normalizedLiveState: text(normalizedLive),
      predictedLiveState: text(predicted),
      diff: p.modified
        ? unifiedDiff(normalizedLive, predicted, { fromLabel: `live ${name}`, toLabel: `desired ${name}` })
        : '',
      modified: p.modified,
      hook: false,
      resourceVersion: p.live?.metadata.resourceVersion ?? '',
    });
  }
  return { items };
}
