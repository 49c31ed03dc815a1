// The plugin generator: parameters from an HTTP service named by a ConfigMap (baseUrl, token), Argo CD's protocol.
import { errorMessage } from '../../common/errors.js';
import { isPlainObject, secretValues, type PluginGenerator } from '../../model/index.js';
import { flatten, GeneratorError, type Params } from '../params.js';
import { withValues } from '../render-strings.js';
import type { GenerateContext, GeneratorOutput } from './types.js';

const DEFAULT_REQUEUE_SECONDS = 30 * 60;
const TIMEOUT_MS = 30_000;

/** `$secret-name:key` reads a key of that Secret, `$key` one of argocd-secret; anything else is literal. */
function resolveToken(ref: string, ctx: GenerateContext): string {
  if (!ref.startsWith('$')) return ref;
  const [secretName, key] = ref.includes(':') ? ref.slice(1).split(':', 2) : ['argocd-secret', ref.slice(1)];
  const secret = ctx.deps.object('Secret', secretName ?? '');
  const value = secret ? secretValues(secret)[key ?? ''] : undefined;
  if (value === undefined)
    throw new GeneratorError(
      `plugin generator: the token reference ${ref} names no Secret key`,
      'PluginError',
    );
  return value;
}

export async function generatePlugin(gen: PluginGenerator, ctx: GenerateContext): Promise<GeneratorOutput> {
  const name = gen.configMapRef?.name ?? '';
  const cm = ctx.deps.object('ConfigMap', name) as { data?: Record<string, string> } | undefined;
  if (!cm) throw new GeneratorError(`plugin generator: ConfigMap ${name} not found`, 'PluginError');
  const baseUrl = cm.data?.['baseUrl']?.replace(/\/+$/, '');
  if (!baseUrl) throw new GeneratorError(`plugin generator: ConfigMap ${name} has no baseUrl`, 'PluginError');
  const token = resolveToken(cm.data?.['token'] ?? '', ctx);
  const inputParameters = gen.input?.parameters ?? {};
  let body: unknown;
  try {
    const res = await ctx.deps.http({
      method: 'POST',
      url: `${baseUrl}/api/v1/getparams.execute`,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        applicationSetName: ctx.appSet.metadata.name,
        input: { parameters: inputParameters },
      }),
      timeoutMs: TIMEOUT_MS,
    });
    body = JSON.parse(res.body) as unknown;
  } catch (e) {
    throw new GeneratorError(`plugin generator: ${errorMessage(e)}`, 'PluginError');
  }
  const list =
    isPlainObject(body) && isPlainObject(body['output']) ? body['output']['parameters'] : undefined;
  if (!Array.isArray(list) || !list.every(isPlainObject))
    throw new GeneratorError(
      `plugin generator: ${baseUrl} did not answer {output: {parameters: [...]}}`,
      'PluginError',
    );
  const params = list.map((p): Params => {
    const withInput = { ...p, generator: { input: { parameters: inputParameters } } };
    return withValues(ctx.goTemplate ? withInput : flatten(withInput), gen.values, ctx);
  });
  return { params, requeueAfterSeconds: gen.requeueAfterSeconds ?? DEFAULT_REQUEUE_SECONDS };
}
