// Schema of Argo CD's AppProject: what its applications may deploy, from where, to where, and who may act.
import { bool, freeObject, int64, list, obj, str, strList, type SchemaProps } from './openapi.js';

function groupKindList(description: string): SchemaProps {
  return list(obj({ group: str(), kind: str() }, { required: ['group', 'kind'] }), description);
}

function roleSchema(): SchemaProps {
  return obj(
    {
      name: str(),
      description: str(),
      policies: strList('Casbin policy lines, e.g. p, proj:team-a:ci, applications, sync, team-a/*, allow'),
      groups: strList('OIDC groups bound to this role'),
      jwtTokens: list(obj({ iat: int64(), exp: int64(), id: str() }, { required: ['iat'] })),
    },
    { required: ['name'] },
  );
}

function syncWindowSchema(): SchemaProps {
  return obj({
    kind: str('allow or deny'),
    schedule: str('Cron schedule of the window start'),
    duration: str('How long the window lasts, e.g. 1h'),
    applications: strList(),
    namespaces: strList(),
    clusters: strList(),
    manualSync: bool('Allow manual syncs while the window denies automated ones'),
    timeZone: str(),
    andOperator: bool(),
    description: str(),
  });
}

function specSchema(): SchemaProps {
  return obj({
    description: str(),
    sourceRepos: strList('Repository URL globs applications may use; prefix ! to deny'),
    sourceNamespaces: strList(
      'Namespaces, besides the control namespace, whose Applications may use this project',
    ),
    destinations: list(
      obj({ server: str(), name: str(), namespace: str() }),
      'Cluster and namespace globs applications may deploy to; prefix ! to deny',
    ),
    clusterResourceWhitelist: groupKindList('Cluster-scoped kinds allowed (none are unless listed)'),
    clusterResourceBlacklist: groupKindList('Cluster-scoped kinds denied'),
    namespaceResourceWhitelist: groupKindList('Namespaced kinds allowed (all are when absent)'),
    namespaceResourceBlacklist: groupKindList('Namespaced kinds denied'),
    roles: list(roleSchema()),
    syncWindows: list(syncWindowSchema()),
    orphanedResources: obj({
      warn: bool(),
      ignore: list(obj({ group: str(), kind: str(), name: str() })),
    }),
    signatureKeys: list(obj({ keyID: str() }, { required: ['keyID'] })),
    permitOnlyProjectScopedClusters: bool(),
    destinationServiceAccounts: list(
      obj(
        { server: str(), namespace: str(), defaultServiceAccount: str() },
        { required: ['defaultServiceAccount', 'server'] },
      ),
    ),
  });
}

/** The AppProject object (no status subresource, as in Argo CD). */
export function appProjectSchema(): SchemaProps {
  return obj(
    {
      apiVersion: str(),
      kind: str(),
      metadata: { type: 'object' },
      spec: specSchema(),
      status: obj({ jwtTokensByRole: { type: 'object', additionalProperties: freeObject() } }),
    },
    {
      required: ['metadata', 'spec'],
      description: 'A group of applications and the rules they deploy under',
    },
  );
}
