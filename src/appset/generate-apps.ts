// From an ApplicationSet to the Applications it generates (dry run): generators, then one render per parameter set.
import type { Application, ApplicationSet } from '../model/index.js';
import { runGenerators } from './generators/generate.js';
import type { GeneratorDeps } from './generators/types.js';
import { GeneratorError } from './params.js';
import { mergeTemplates, renderApplication } from './render-app.js';

export interface Generated {
  apps: Application[];
  /** The soonest any generator asked to run again (seconds). */
  requeueAfterSeconds?: number;
}

/** The Applications the spec produces now; throws GeneratorError (with a reason) when it cannot. */
export async function generateApplications(appSet: ApplicationSet, deps: GeneratorDeps): Promise<Generated> {
  if (!appSet.spec?.template) throw new GeneratorError('spec.template is missing', 'InvalidTemplate');
  const mode = {
    goTemplate: appSet.spec.goTemplate === true,
    goTemplateOptions: appSet.spec.goTemplateOptions ?? [],
  };
  const results = await runGenerators({ appSet, ...mode, deps });
  const apps: Application[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    const template = mergeTemplates(appSet.spec.template, r.template);
    for (const params of r.params) {
      const app = renderApplication(appSet, template, params, mode);
      if (seen.has(app.metadata.name))
        throw new GeneratorError(
          `ApplicationSet ${appSet.metadata.name ?? ''} contains applications with duplicate name: ${app.metadata.name}`,
          'ApplicationValidationError',
        );
      seen.add(app.metadata.name);
      apps.push(app);
    }
  }
  const requeues = results.map((r) => r.requeueAfterSeconds).filter((x): x is number => x !== undefined);
  return { apps, ...(requeues.length > 0 ? { requeueAfterSeconds: Math.min(...requeues) } : {}) };
}
