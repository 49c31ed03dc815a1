// Schema of Argo CD's ApplicationSet: generators (kept as written) and a template of an Application.
import { applicationSpecSchema } from './application-spec-schema.js';
import { bool, freeObject, list, obj, str, strList, strMap, type SchemaProps } from './openapi.js';

function templateSchema(): SchemaProps {
  return obj(
    {
      metadata: obj({
        name: str(),
        namespace: str(),
        labels: strMap(),
        annotations: strMap(),
        finalizers: strList(),
      }),
      spec: applicationSpecSchema(),
    },
    { required: ['metadata', 'spec'], description: 'Template of each generated Application' },
  );
}

function specSchema(): SchemaProps {
  return obj(
    {
      // Generators nest (matrix, merge) and have many kinds: each is kept as written and checked by the controller.
      generators: list(freeObject('One generator (list, cluster, git, matrix, …)')),
      template: templateSchema(),
      templatePatch: str(),
      goTemplate: bool('Render the template with Go templates instead of fasttemplate'),
      goTemplateOptions: strList('Go template options, e.g. missingkey=error'),
      syncPolicy: obj({
        preserveResourcesOnDeletion: bool(),
        applicationsSync: { type: 'string', enum: ['create-only', 'create-update', 'create-delete', 'sync'] },
      }),
      strategy: freeObject('Progressive sync strategy'),
      preservedFields: obj({ annotations: strList(), labels: strList() }),
      ignoreApplicationDifferences: list(
        obj({ name: str(), jsonPointers: strList(), jqPathExpressions: strList() }),
      ),
      applyNestedSelectors: bool(),
    },
    { required: ['generators', 'template'] },
  );
}

/** The ApplicationSet object. */
export function applicationSetSchema(): SchemaProps {
  return obj(
    {
      apiVersion: str(),
      kind: str(),
      metadata: { type: 'object' },
      spec: specSchema(),
      status: freeObject('Observed state, written by the controller'),
    },
    { required: ['metadata', 'spec'], description: 'Generates Applications from a template' },
  );
}
