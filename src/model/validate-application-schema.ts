// The shape of an Application (types and required fields) as zod schemas; the rules across fields live in
// validate-application-rules.ts. Objects are loose: fields we do not know are Argo CD's to define, not errors.
import { z } from 'zod';
import { API_VERSION } from './application.js';

const str = z.string();
const nonEmpty = z.string().min(1, 'required');
const strList = z.array(z.string());
const strMap = z.record(z.string(), z.string());
const int = z.number().int();
const intOrString = z.union([int, z.string()], { error: 'must be an integer or a string' });

const jsonnetVar = z.looseObject({ name: str, value: str, code: z.boolean().optional() });

const helm = z.looseObject({
  releaseName: str.optional(),
  valueFiles: strList.optional(),
  ignoreMissingValueFiles: z.boolean().optional(),
  values: str.optional(),
  valuesObject: z.record(z.string(), z.unknown()).optional(),
  parameters: z
    .array(z.looseObject({ name: str, value: str.optional(), forceString: z.boolean().optional() }))
    .optional(),
  fileParameters: z.array(z.looseObject({ name: str, path: str })).optional(),
  namespace: str.optional(),
  skipCrds: z.boolean().optional(),
  skipTests: z.boolean().optional(),
  skipSchemaValidation: z.boolean().optional(),
  kubeVersion: str.optional(),
  apiVersions: strList.optional(),
  passCredentials: z.boolean().optional(),
  version: str.optional(),
});

const kustomize = z.looseObject({
  images: strList.optional(),
  namePrefix: str.optional(),
  nameSuffix: str.optional(),
  commonLabels: strMap.optional(),
  commonAnnotations: strMap.optional(),
  namespace: str.optional(),
  replicas: z.array(z.looseObject({ name: str, count: intOrString })).optional(),
  patches: z
    .array(
      z.looseObject({
        path: str.optional(),
        patch: str.optional(),
        target: z.record(z.string(), z.unknown()).optional(),
        options: z.record(z.string(), z.boolean()).optional(),
      }),
    )
    .optional(),
  components: strList.optional(),
  forceCommonLabels: z.boolean().optional(),
  forceCommonAnnotations: z.boolean().optional(),
  version: str.optional(),
});

const directory = z.looseObject({
  recurse: z.boolean().optional(),
  include: str.optional(),
  exclude: str.optional(),
  jsonnet: z
    .looseObject({
      extVars: z.array(jsonnetVar).optional(),
      tlas: z.array(jsonnetVar).optional(),
      libs: strList.optional(),
    })
    .optional(),
});

export const sourceShape = z.looseObject({
  repoURL: nonEmpty,
  path: str.optional(),
  targetRevision: str.optional(),
  chart: str.optional(),
  ref: str.optional(),
  name: str.optional(),
  helm: helm.optional(),
  kustomize: kustomize.optional(),
  directory: directory.optional(),
  plugin: z.record(z.string(), z.unknown()).optional(),
});

const retry = z.looseObject({
  limit: int.optional(),
  backoff: z
    .looseObject({ duration: str.optional(), factor: int.optional(), maxDuration: str.optional() })
    .optional(),
  refresh: z.boolean().optional(),
});

const syncPolicy = z.looseObject({
  automated: z
    .looseObject({
      prune: z.boolean().optional(),
      selfHeal: z.boolean().optional(),
      allowEmpty: z.boolean().optional(),
      enabled: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  syncOptions: strList.optional(),
  retry: retry.optional(),
  managedNamespaceMetadata: z
    .looseObject({ labels: strMap.optional(), annotations: strMap.optional() })
    .optional(),
});

const ignoreDifference = z.looseObject({
  group: str.optional(),
  kind: nonEmpty,
  name: str.optional(),
  namespace: str.optional(),
  jsonPointers: strList.optional(),
  jqPathExpressions: strList.optional(),
  managedFieldsManagers: strList.optional(),
});

const spec = z.looseObject({
  // Argo CD reads an empty project as "default", so only a missing one is an error.
  project: z.string({
    error: (iss) => (iss.input === undefined ? 'required (name an AppProject, e.g. "default")' : undefined),
  }),
  source: sourceShape.optional(),
  sources: z.array(sourceShape).optional(),
  destination: z.looseObject({ server: str.optional(), name: str.optional(), namespace: str.optional() }),
  syncPolicy: syncPolicy.optional(),
  ignoreDifferences: z.array(ignoreDifference).optional(),
  info: z.array(z.looseObject({ name: str, value: str })).optional(),
  revisionHistoryLimit: int.min(0, 'must be 0 or more').optional(),
});

export const applicationShape = z.looseObject({
  apiVersion: z.literal(API_VERSION, { error: `must be ${API_VERSION}` }),
  kind: z.literal('Application', { error: 'must be Application' }),
  metadata: z.looseObject({ name: nonEmpty, namespace: str.optional() }),
  spec,
});
