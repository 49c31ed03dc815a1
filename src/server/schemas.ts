// Request and response schemas of the API (zod): bodies are validated with them and the OpenAPI document is built from them.
import { z } from 'zod';
import { parameterAnnouncement } from '../model/plugin-announcement.js';

const kubeMeta = z.looseObject({
  name: z.string().min(1, 'required'),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
  resourceVersion: z.string().optional(),
});

const source = z.looseObject({
  repoURL: z.string().min(1, 'required'),
  path: z.string().optional(),
  targetRevision: z.string().optional(),
  chart: z.string().optional(),
});

export const applicationSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: kubeMeta,
  spec: z.looseObject({
    project: z.string().min(1, 'required (use "default" for the default project)'),
    source: source.optional(),
    sources: z.array(source).optional(),
    destination: z.looseObject({
      server: z.string().optional(),
      name: z.string().optional(),
      namespace: z.string().optional(),
    }),
  }),
});

export const appProjectSchema = z.looseObject({ metadata: kubeMeta, spec: z.looseObject({}) });

/** An ApplicationSet as the API takes it; generators and template are checked by the controller's generate. */
export const appSetCreate = z.looseObject({
  metadata: kubeMeta,
  spec: z.looseObject({ generators: z.array(z.looseObject({})), template: z.looseObject({}) }),
});
export const appSetGenerate = z.object({ applicationSet: appSetCreate });

export const sessionRequest = z.object({ username: z.string().min(1), password: z.string().min(1) });
export const tokenResponse = z.object({ token: z.string() });
export const manifestResponse = z.object({ manifest: z.string() });
export const revisionMetadataResponse = z.object({
  author: z.string(),
  date: z.string(),
  message: z.string(),
  tags: z.array(z.string()).optional(),
});
export const appDetailsRequest = z.object({
  source: z.looseObject({
    repoURL: z.string().min(1),
    path: z.string().optional(),
    targetRevision: z.string().optional(),
    chart: z.string().optional(),
  }),
  /** Argo CD's fields: the app the form is for (existing or new) and its project. */
  appName: z.string().optional(),
  appProject: z.string().optional(),
});
export const appDetailsResponse = z.object({
  type: z.enum(['Directory', 'Kustomize', 'Helm', 'Plugin']),
  /** A config management plugin's name and its parameters announcement (the dynamic command's, then static). */
  plugin: z.object({ name: z.string(), parametersAnnouncement: z.array(parameterAnnouncement) }).optional(),
});
export const userInfoResponse = z.object({
  loggedIn: z.boolean(),
  username: z.string().optional(),
  iss: z.string().optional(),
  groups: z.array(z.string()).optional(),
});

export const passwordUpdate = z.object({
  currentPassword: z.string().min(1),
  newPassword: z.string().min(8, 'must be at least 8 characters').max(72, 'bcrypt reads at most 72 bytes'),
  name: z.string().optional(),
});

export const tokenCreate = z.object({
  /** Seconds; 0 or absent: no expiry. */
  expiresIn: z.number().int().min(0).optional(),
  id: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, - _ . only')
    .optional(),
});

const syncResource = z.object({
  group: z.string().optional(),
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
});

export const syncRequest = z.object({
  revision: z.string().optional(),
  /** Multi-source apps: a revision per entry of spec.sources (empty keeps its targetRevision). */
  revisions: z.array(z.string()).optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  resources: z.array(syncResource).optional(),
  /** Argo CD sends `{items: [...]}`; a plain list is accepted too. */
  syncOptions: z.union([z.array(z.string()), z.object({ items: z.array(z.string()) })]).optional(),
  strategy: z.looseObject({}).optional(),
  retryStrategy: z.looseObject({}).optional(),
  infos: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

export const rollbackRequest = z.object({
  id: z.number().int().min(0),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

export const patchRequest = z.object({
  /** A merge patch or JSON patch, as JSON text (Argo CD's form) or as JSON. */
  patch: z.union([z.string(), z.looseObject({}), z.array(z.looseObject({}))]),
  patchType: z.enum(['merge', 'json']).optional(),
});

export const projectCreate = z.object({ project: appProjectSchema, upsert: z.boolean().optional() });

const repositorySettings = {
  type: z.enum(['git', 'helm', 'oci']).optional(),
  name: z.string().optional(),
  project: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  bearerToken: z.string().optional(),
  sshPrivateKey: z.string().optional(),
  tlsClientCertData: z.string().optional(),
  tlsClientCertKey: z.string().optional(),
  insecure: z.boolean().optional(),
  insecureIgnoreHostKey: z.boolean().optional(),
  enableLfs: z.boolean().optional(),
  enableOCI: z.boolean().optional(),
  forceHttpBasicAuth: z.boolean().optional(),
  proxy: z.string().optional(),
  noProxy: z.string().optional(),
};

/** Argo CD's Repository (POST /api/v1/repositories, and /validate without `repo`). */
export const repositoryCreate = z.object({ repo: z.string().min(1), ...repositorySettings });
export const repositoryValidate = z.object({ repo: z.string().optional(), ...repositorySettings });
/** Argo CD's RepoCreds (POST /api/v1/repocreds): a template for every repository under `url`. */
export const repoCredsCreate = z.object({ url: z.string().min(1), ...repositorySettings });

export const projectTokenCreate = z.object({
  expiresIn: z.number().int().min(0).optional(),
  id: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .optional(),
  description: z.string().optional(),
});

export const canIResponse = z.object({ value: z.enum(['yes', 'no']) });
export const listMeta = z.object({
  resourceVersion: z.string().optional(),
  continue: z.string().optional(),
  remainingItemCount: z.number().optional(),
});
export const applicationList = z.object({ metadata: listMeta, items: z.array(applicationSchema) });

/** Argo CD's Cluster as `argocd cluster add` sends it (POST/PUT /api/v1/clusters). */
export const clusterWrite = z.looseObject({
  server: z.string().regex(/^https?:\/\//, 'must be an http(s) URL'),
  name: z.string().optional(),
  config: z
    .looseObject({
      bearerToken: z.string().optional(),
      username: z.string().optional(),
      password: z.string().optional(),
      proxyUrl: z.string().optional(),
      tlsClientConfig: z
        .looseObject({
          caData: z.string().optional(),
          certData: z.string().optional(),
          keyData: z.string().optional(),
          insecure: z.boolean().optional(),
          serverName: z.string().optional(),
        })
        .optional(),
      execProviderConfig: z
        .looseObject({
          command: z.string().min(1),
          args: z.array(z.string()).optional(),
          env: z.record(z.string(), z.string()).optional(),
          apiVersion: z.string().optional(),
          installHint: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  namespaces: z.array(z.string()).optional(),
  clusterResources: z.boolean().optional(),
  /** Argo CD's `shard`: pin the cluster's apps to this controller shard index; null removes the pin. */
  shard: z.number().int().min(0).max(999_999_999).nullable().optional(),
  project: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
