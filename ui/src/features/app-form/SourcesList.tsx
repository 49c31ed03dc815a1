// The sources of a multi-source app, each with its repository, path or chart, revision, ref and options.
import type { ApplicationSource } from '../../api/types.ts';

function optionsText(s: ApplicationSource): string {
  const h = s.helm;
  const k = s.kustomize;
  const d = s.directory;
  const parts: string[] = [];
  if (h?.releaseName) parts.push(`release ${h.releaseName}`);
  if (h?.valueFiles?.length) parts.push(`value files ${h.valueFiles.join(', ')}`);
  if (h?.parameters?.length) parts.push(`${h.parameters.length} Helm parameter(s)`);
  if (h?.values || h?.valuesObject) parts.push('inline values');
  if (k?.images?.length) parts.push(`images ${k.images.join(', ')}`);
  if (k?.namePrefix || k?.nameSuffix) parts.push(`names ${k.namePrefix ?? ''}*${k.nameSuffix ?? ''}`);
  if (d?.recurse) parts.push('recursive');
  return parts.join('; ');
}

export function SourcesList({ sources }: { sources: readonly ApplicationSource[] }) {
  return (
    <fieldset className="form-section">
      <legend>Sources ({sources.length})</legend>
      <p className="field-hint">
        A multi-source app: edit its sources as YAML (kubectl or the CLI); the form keeps them.
      </p>
      <ol className="sources-list" aria-label="Sources">
        {sources.map((s, i) => (
          <li key={i} className="sub-card">
            <strong>{s.name ?? `Source ${i + 1}`}</strong>
            <dl className="facts">
              <dt>Repository</dt>
              <dd className="mono">{s.repoURL}</dd>
              {s.chart ? (
                <>
                  <dt>Chart</dt>
                  <dd className="mono">{s.chart}</dd>
                </>
              ) : (
                <>
                  <dt>Path</dt>
                  <dd className="mono">{s.path || '.'}</dd>
                </>
              )}
              <dt>Revision</dt>
              <dd className="mono">{s.targetRevision || 'HEAD'}</dd>
              {s.ref && (
                <>
                  <dt>Ref</dt>
                  <dd className="mono">${s.ref}</dd>
                </>
              )}
              {optionsText(s) && (
                <>
                  <dt>Options</dt>
                  <dd>{optionsText(s)}</dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
