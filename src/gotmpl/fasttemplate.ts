// ApplicationSet's non-Go templating: valyala/fasttemplate `{{ key }}` tags, as Argo CD applies them.
import { AbortError } from '../common/errors.js';

export interface FastTemplateOptions {
  /** Leave unknown or empty tags as written (Argo CD does so for ApplicationSet templates). */
  allowUnresolved?: boolean;
}

/**
 * Replaces each `{{tag}}` with params[tag.trim()]. Tags are found left to right; a tag without a closing
 * `}}` ends the template as plain text, as fasttemplate does. An unknown or empty tag stays as written
 * when allowUnresolved, else it is an error naming it.
 */
export function renderFast(
  template: string,
  params: Readonly<Record<string, string>>,
  opts: FastTemplateOptions = {},
): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = template.indexOf('{{', pos);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) break;
    out += template.slice(pos, open);
    const tag = template.slice(open + 2, close);
    const key = tag.trim();
    const value = key === '' ? undefined : Object.hasOwn(params, key) ? params[key] : undefined;
    if (value !== undefined) out += value;
    else if (opts.allowUnresolved) out += `{{${tag}}}`;
    else {
      throw new AbortError(`failed to resolve {{${tag}}}`, {
        hint: `the parameters are: ${Object.keys(params).sort().join(', ') || '(none)'}`,
      });
    }
    pos = close + 2;
  }
  return out + template.slice(pos);
}
