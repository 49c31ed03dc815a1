// The three argoproj.io CRDs as objects: the one source deploy/crds/*.yaml is generated from.
import { API_GROUP } from '../application.js';
import type { KubeObject } from '../kube-object.js';
import { applicationSpecSchema, operationSchema } from './application-spec-schema.js';
import { applicationStatusSchema } from './application-status-schema.js';
import { applicationSetSchema } from './applicationset-schema.js';
import { appProjectSchema } from './appproject-schema.js';
import { keepUnknownFields, obj, str, type SchemaProps } from './openapi.js';

interface CrdNames {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
}

interface PrinterColumn {
  name: string;
  type: 'string';
  jsonPath: string;
  priority?: number;
}

interface CrdOptions {
  names: CrdNames;
  schema: SchemaProps;
  statusSubresource: boolean;
  printerColumns?: PrinterColumn[];
}

// apiVersion, kind and metadata are the apiserver's; spec, status and operation keep every field.
function keepUnknownBelowRoot(schema: SchemaProps): SchemaProps {
  const props = Object.entries(schema.properties ?? {}).map(([k, v]) => [
    k,
    k === 'metadata' || v.type !== 'object' ? v : keepUnknownFields(v),
  ]);
  return { ...schema, properties: Object.fromEntries(props) as Record<string, SchemaProps> };
}

function crd(opts: CrdOptions): KubeObject {
  const name = `${opts.names.plural}.${API_GROUP}`;
  const version: Record<string, unknown> = { name: 'v1alpha1', served: true, storage: true };
  if (opts.printerColumns) version['additionalPrinterColumns'] = opts.printerColumns;
  version['schema'] = { openAPIV3Schema: keepUnknownBelowRoot(opts.schema) };
  version['subresources'] = opts.statusSubresource ? { status: {} } : {};
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'driftless' },
    },
    spec: {
      group: API_GROUP,
      names: { ...opts.names, listKind: `${opts.names.kind}List` },
      scope: 'Namespaced',
      versions: [version],
    },
  };
}

function applicationSchema(): SchemaProps {
  return obj(
    {
      apiVersion: str(),
      kind: str(),
      metadata: { type: 'object' },
      spec: applicationSpecSchema(),
      operation: operationSchema(),
      status: applicationStatusSchema(),
    },
    {
      required: ['metadata', 'spec'],
      description: 'An application: a source in Git rendered to a destination',
    },
  );
}

export const CRD_FILE_NAMES = {
  application: 'application-crd.yaml',
  appproject: 'appproject-crd.yaml',
  applicationset: 'applicationset-crd.yaml',
} as const;

export type CrdName = keyof typeof CRD_FILE_NAMES;

/** Builds the CRDs, keyed like CRD_FILE_NAMES. */
export function buildCrds(): Record<CrdName, KubeObject> {
  return {
    application: crd({
      names: {
        kind: 'Application',
        plural: 'applications',
        singular: 'application',
        shortNames: ['app', 'apps'],
      },
      schema: applicationSchema(),
      // Divergence from Argo CD, see docs/adr/0004-status-subresource.md.
      statusSubresource: true,
      printerColumns: [
        { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
        { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
        { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
        { name: 'Project', type: 'string', jsonPath: '.spec.project', priority: 10 },
      ],
    }),
    appproject: crd({
      names: {
        kind: 'AppProject',
        plural: 'appprojects',
        singular: 'appproject',
        shortNames: ['appproj', 'appprojs'],
      },
      schema: appProjectSchema(),
      statusSubresource: false,
    }),
    applicationset: crd({
      names: {
        kind: 'ApplicationSet',
        plural: 'applicationsets',
        singular: 'applicationset',
        shortNames: ['appset', 'appsets'],
      },
      schema: applicationSetSchema(),
      statusSubresource: true,
    }),
  };
}
