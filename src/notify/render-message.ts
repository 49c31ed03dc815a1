// A template rendered for one app and one destination: every string in it is a Go template over
// {app, context, serviceType, recipient, drift}, rendered in one call into the engine.
import { renderMany } from '../gotmpl/render.js';
import type { NotificationTemplate } from './config.js';

export interface TemplateData {
  app: unknown;
  context: Record<string, string>;
  serviceType: string;
  recipient: string;
  drift?: unknown;
}

/** The rendered template (same shape, strings rendered) or the first error with the template's name. */
export function renderTemplate(
  name: string,
  template: NotificationTemplate,
  data: TemplateData,
): { ok: true; value: NotificationTemplate } | { ok: false; error: string } {
  const texts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(template);
  const outcomes = renderMany(
    texts,
    { ...data, context: { ...data.context, notificationType: data.serviceType } },
    {
      funcs: 'notifications',
    },
  );
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) return { ok: false, error: `template ${name}: ${failed.error.message}` };
  let i = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const o = outcomes[i++];
      return o?.ok ? o.value : '';
    }
    if (Array.isArray(v)) return v.map(rebuild);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)]));
    return v;
  };
  return { ok: true, value: rebuild(template) as NotificationTemplate };
}
