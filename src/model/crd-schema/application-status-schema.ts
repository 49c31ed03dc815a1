// Schema of Application.status: typed where we know the fields, unknown fields kept so no write is pruned.
import {
  destinationSchema,
  initiatedBySchema,
  operationSchema,
  sourceHydratorSchema,
} from './application-spec-schema.js';
import { sourceSchema } from './source-schema.js';
import { bool, int64, list, obj, str, strList, strMap, type SchemaProps } from './openapi.js';

function healthSchema(): SchemaProps {
  return obj({ status: str(), message: str(), lastTransitionTime: str() });
}

function resourceStatusSchema(): SchemaProps {
  return obj({
    group: str(),
    version: str(),
    kind: str(),
    namespace: str(),
    name: str(),
    status: str(),
    health: healthSchema(),
    hook: bool(),
    requiresPruning: bool(),
    requiresDeletionConfirmation: bool(),
    syncWave: int64(),
  });
}

function resourceResultSchema(): SchemaProps {
  return obj(
    {
      group: str(),
      version: str(),
      kind: str(),
      namespace: str(),
      name: str(),
      status: str(),
      message: str(),
      hookType: str(),
      hookPhase: str(),
      syncPhase: str(),
      images: strList(),
      syncWave: int64('Driftless: the sync wave of the task'),
      uid: str('Driftless: the uid of the object the task created or applied'),
    },
    { required: ['group', 'kind', 'name', 'namespace', 'version'] },
  );
}

function operationStateSchema(): SchemaProps {
  return obj(
    {
      operation: operationSchema(),
      phase: str('Running, Terminating, Succeeded, Failed or Error'),
      message: str(),
      syncResult: obj(
        {
          resources: list(resourceResultSchema()),
          revision: str(),
          revisions: strList(),
          source: sourceSchema(),
          sources: list(sourceSchema()),
          managedNamespaceMetadata: obj({ labels: strMap(), annotations: strMap() }),
        },
        { required: ['revision'] },
      ),
      startedAt: str(),
      finishedAt: str(),
      retryCount: int64(),
    },
    { required: ['operation', 'phase', 'startedAt'] },
  );
}

function historySchema(): SchemaProps {
  return list(
    obj(
      {
        id: int64(),
        revision: str(),
        revisions: strList(),
        deployedAt: str(),
        deployStartedAt: str(),
        source: sourceSchema(),
        sources: list(sourceSchema()),
        initiatedBy: initiatedBySchema(),
      },
      { required: ['deployedAt', 'id'] },
    ),
  );
}

function hydrateOperationSchema(): SchemaProps {
  return obj({
    startedAt: str(),
    finishedAt: str(),
    phase: str('Hydrating, Failed or Hydrated'),
    message: str(),
    drySHA: str(),
    hydratedSHA: str(),
    sourceHydrator: sourceHydratorSchema(),
  });
}

/** ApplicationStatus. */
export function applicationStatusSchema(): SchemaProps {
  return obj(
    {
      sync: obj(
        {
          status: str('Synced, OutOfSync or Unknown'),
          revision: str(),
          revisions: strList(),
          comparedTo: obj(
            { source: sourceSchema(), sources: list(sourceSchema()), destination: destinationSchema() },
            { required: ['destination'] },
          ),
        },
        { required: ['status'] },
      ),
      health: healthSchema(),
      resources: list(resourceStatusSchema()),
      operationState: operationStateSchema(),
      history: historySchema(),
      conditions: list(
        obj({ type: str(), message: str(), lastTransitionTime: str() }, { required: ['message', 'type'] }),
      ),
      reconciledAt: str(),
      observedAt: str(),
      sourceType: str(),
      sourceTypes: strList(),
      summary: obj({ images: strList(), externalURLs: strList() }),
      resourceHealthSource: str(),
      controllerNamespace: str(),
      sourceHydrator: obj({
        lastSuccessfulOperation: hydrateOperationSchema(),
        currentOperation: hydrateOperationSchema(),
      }),
    },
    // Status is ours alone: a field we add before the CRD is upgraded must not be silently pruned.
    { description: 'Observed state, written by the controller', preserveUnknown: true },
  );
}
