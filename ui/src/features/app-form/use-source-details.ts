// Asks the server what a source's path holds (its tool, and a plugin's parameters announcement), a moment
// after the fields stop changing; without an answer the type is guessed from the path's name, and says so.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { AppDetails, ApplicationSource } from '../../api/types.ts';
import { guessSourceType } from '../../lib/app-validation.ts';
import { useApi } from '../../state/session.tsx';

export interface SourceDetails {
  type: string;
  guessed: boolean;
  plugin?: AppDetails['plugin'];
  /** Why the server could not answer (shown beside the plugin's parameters). */
  error?: string;
}

/** `source` undefined: nothing to ask (no repository or path yet, or not editing). */
export function useSourceDetails(
  source: ApplicationSource | undefined,
  app: { appName?: string; appProject?: string } = {},
): SourceDetails | undefined {
  const api = useApi();
  const [result, setResult] = useState<SourceDetails>();
  // The request as a string: a new object with the same fields must not ask again.
  const key = source?.repoURL && source.path ? JSON.stringify([source, app.appName, app.appProject]) : '';
  useEffect(() => {
    if (!key) return setResult(undefined);
    const [src, appName, appProject] = JSON.parse(key) as [ApplicationSource, string?, string?];
    let live = true;
    const t = setTimeout(() => {
      api
        .appDetails(src, { ...(appName ? { appName } : {}), ...(appProject ? { appProject } : {}) })
        .then(
          (d) =>
            live && setResult({ type: d.type, guessed: false, ...(d.plugin ? { plugin: d.plugin } : {}) }),
        )
        .catch(
          (err: unknown) =>
            live &&
            setResult({
              type: src.plugin ? 'Plugin' : guessSourceType(src.path ?? ''),
              guessed: true,
              error: errorText(err),
            }),
        );
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, key]);
  return result;
}
