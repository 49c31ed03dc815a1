// Schema of Argo CD's ApplicationSource (git directory, Helm, Kustomize, Jsonnet, plugin options).
import {
  bool,
  freeObject,
  intOrString,
  list,
  obj,
  str,
  strList,
  strMap,
  type SchemaProps,
} from './openapi.js';

const jsonnetVar = obj({ name: str(), value: str(), code: bool() }, { required: ['name', 'value'] });

function helmSchema(): SchemaProps {
  return obj(
    {
      valueFiles: strList('Helm value files, relative to the source path'),
      parameters: list(obj({ name: str(), value: str(), forceString: bool() })),
      fileParameters: list(obj({ name: str(), path: str() })),
      releaseName: str('Release name; defaults to the application name'),
      values: str('Values as a YAML string (prefer valuesObject)'),
      valuesObject: freeObject('Values as a YAML object'),
      version: str('Helm version to use'),
      passCredentials: bool(),
      ignoreMissingValueFiles: bool(),
      skipCrds: bool(),
      skipTests: bool(),
      skipSchemaValidation: bool(),
      namespace: str('Namespace to template with; defaults to the destination namespace'),
      kubeVersion: str(),
      apiVersions: strList(),
    },
    { description: 'Helm options' },
  );
}

function kustomizeSchema(): SchemaProps {
  const patchTarget = obj({
    group: str(),
    version: str(),
    kind: str(),
    name: str(),
    namespace: str(),
    labelSelector: str(),
    annotationSelector: str(),
  });
  return obj(
    {
      namePrefix: str(),
      nameSuffix: str(),
      images: strList('Image overrides (name=newName:tag)'),
      commonLabels: strMap(),
      commonAnnotations: strMap(),
      commonAnnotationsEnvsubst: bool(),
      forceCommonLabels: bool(),
      forceCommonAnnotations: bool(),
      labelWithoutSelector: bool(),
      labelIncludeTemplates: bool(),
      namespace: str(),
      replicas: list(obj({ name: str(), count: intOrString() }, { required: ['count', 'name'] })),
      patches: list(
        obj({
          path: str(),
          patch: str(),
          target: patchTarget,
          options: { type: 'object', additionalProperties: bool() },
        }),
      ),
      components: strList(),
      ignoreMissingComponents: bool(),
      version: str(),
      kubeVersion: str(),
      apiVersions: strList(),
    },
    { description: 'Kustomize options' },
  );
}

function directorySchema(): SchemaProps {
  return obj(
    {
      recurse: bool('Read manifests from subdirectories too'),
      include: str('Glob of files to include'),
      exclude: str('Glob of files to exclude'),
      jsonnet: obj({ extVars: list(jsonnetVar), tlas: list(jsonnetVar), libs: strList() }),
    },
    { description: 'Plain directory (YAML/JSON/Jsonnet) options' },
  );
}

function pluginSchema(): SchemaProps {
  return obj(
    {
      name: str(),
      env: list(obj({ name: str(), value: str() }, { required: ['name', 'value'] })),
      parameters: list(obj({ name: str(), string: str(), array: strList(), map: strMap() })),
    },
    { description: 'Config management plugin options' },
  );
}

/** ApplicationSource: where the manifests come from and how they are rendered. */
export function sourceSchema(): SchemaProps {
  return obj(
    {
      repoURL: str('URL of the Git or Helm repository'),
      path: str('Directory inside a Git repository'),
      targetRevision: str('Branch, tag or commit (Git), or chart version (Helm); defaults to HEAD'),
      chart: str('Helm chart name, for Helm repositories'),
      ref: str('Name other sources use to refer to this one ($ref/values.yaml)'),
      name: str('Display name of the source in multi-source applications'),
      helm: helmSchema(),
      kustomize: kustomizeSchema(),
      directory: directorySchema(),
      plugin: pluginSchema(),
    },
    { required: ['repoURL'] },
  );
}
