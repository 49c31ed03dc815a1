// Schemas of Argo CD's ApplicationSpec and Operation (shared by Application and ApplicationSet's template).
import { sourceSchema } from './source-schema.js';
import { bool, int64, list, nameValueList, obj, str, strList, strMap, type SchemaProps } from './openapi.js';

export function destinationSchema(): SchemaProps {
  return obj(
    {
      server: str('API server URL of the target cluster'),
      name: str('Name of the target cluster (set server or name, not both)'),
      namespace: str('Namespace for namespaced resources that do not set one'),
    },
    { description: 'Where the application is deployed' },
  );
}

export function retrySchema(): SchemaProps {
  return obj(
    {
      limit: int64('Maximum retries of a failed sync; 0 means none, negative means unlimited'),
      backoff: obj({
        duration: str('Base delay; a number of seconds or a duration such as 5s, 2m'),
        factor: int64('Multiplier applied to the delay after each failed retry'),
        maxDuration: str('Upper bound of the delay'),
      }),
      refresh: bool('Retry with the latest revision instead of the one first attempted'),
    },
    { description: 'Retry strategy for failed syncs' },
  );
}

function syncPolicySchema(): SchemaProps {
  return obj(
    {
      automated: obj(
        {
          prune: bool('Delete resources no longer in Git'),
          selfHeal: bool('Undo changes made to the live state'),
          allowEmpty: bool('Allow a sync that would leave the application with no resources'),
          enabled: bool('Turn automated sync on or off without removing this block'),
        },
        { description: 'Sync automatically when the desired state changes' },
      ),
      syncOptions: strList('Options such as CreateNamespace=true, ServerSideApply=true'),
      retry: retrySchema(),
      managedNamespaceMetadata: obj({ labels: strMap(), annotations: strMap() }),
    },
    { description: 'When and how the application syncs' },
  );
}

function ignoreDifferencesSchema(): SchemaProps {
  return list(
    obj(
      {
        group: str(),
        kind: str(),
        name: str(),
        namespace: str(),
        jsonPointers: strList(),
        jqPathExpressions: strList(),
        managedFieldsManagers: strList(),
      },
      { required: ['kind'] },
    ),
    'Differences to ignore when comparing desired and live state',
  );
}

/** Argo CD's source hydrator: a dry source rendered and pushed to a branch the app then syncs from. */
export function sourceHydratorSchema(): SchemaProps {
  return obj(
    {
      drySource: obj(
        { repoURL: str(), targetRevision: str(), path: str() },
        { required: ['path', 'repoURL', 'targetRevision'] },
      ),
      syncSource: obj({ targetBranch: str(), path: str() }, { required: ['path', 'targetBranch'] }),
      hydrateTo: obj({ targetBranch: str() }, { required: ['targetBranch'] }),
    },
    { required: ['drySource', 'syncSource'], description: 'Render a dry source into a branch first' },
  );
}

/** ApplicationSpec. */
export function applicationSpecSchema(): SchemaProps {
  return obj(
    {
      project: str('AppProject the application belongs to'),
      source: sourceSchema(),
      sources: list(sourceSchema(), 'Several sources (set source or sources, not both)'),
      sourceHydrator: sourceHydratorSchema(),
      destination: destinationSchema(),
      syncPolicy: syncPolicySchema(),
      ignoreDifferences: ignoreDifferencesSchema(),
      info: nameValueList('Extra information shown with the application'),
      revisionHistoryLimit: int64('How many entries status.history keeps (default 10)'),
    },
    { required: ['destination', 'project'] },
  );
}

export function syncResourceSchema(): SchemaProps {
  return obj({ group: str(), kind: str(), name: str(), namespace: str() }, { required: ['kind', 'name'] });
}

export function initiatedBySchema(): SchemaProps {
  return obj({ username: str(), automated: bool() });
}

/** Operation: a requested sync, written by users or the CLI and acted on by the controller. */
export function operationSchema(): SchemaProps {
  const force = obj({ force: bool() });
  return obj(
    {
      sync: obj({
        revision: str('Revision to sync to; defaults to spec.source.targetRevision'),
        revisions: strList(),
        prune: bool(),
        dryRun: bool(),
        resources: list(syncResourceSchema(), 'Sync only these resources'),
        syncOptions: strList(),
        source: sourceSchema(),
        sources: list(sourceSchema()),
        syncStrategy: obj({ apply: force, hook: force }),
        manifests: strList(),
        autoHealAttemptsCount: int64(),
      }),
      initiatedBy: initiatedBySchema(),
      info: nameValueList(),
      retry: retrySchema(),
    },
    { description: 'A requested or running operation' },
  );
}
