// The Git generator: directories (include/exclude patterns) and files (JSON/YAML, globs) at a revision.
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isPlainObject, type GitGenerator } from '../../model/index.js';
import { flatten, GeneratorError, normalizeName, type Params } from '../params.js';
import { pathMatch } from '../path-match.js';
import { withValues } from '../render-strings.js';
import type { GenerateContext } from './types.js';

const MAX_ENTRIES = 100_000;

/** Every directory and every file of a checkout, as paths relative to its root ('.git' left out, symlinks not followed). */
async function walk(root: string): Promise<{ dirs: string[]; files: string[] }> {
  const dirs: string[] = [];
  const files: string[] = [];
  const queue = [''];
  while (queue.length > 0) {
    const rel = queue.shift() ?? '';
    for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        dirs.push(p);
        queue.push(p);
      } else if (e.isFile()) files.push(p);
      if (dirs.length + files.length > MAX_ENTRIES)
        throw new GeneratorError(`the repository has more than ${MAX_ENTRIES} files and folders`);
    }
  }
  return { dirs: dirs.sort(), files: files.sort() };
}

function selectPaths(all: string[], entries: GitGenerator['directories'], crossSlash: boolean): string[] {
  const include = (entries ?? []).filter((e) => !e.exclude);
  const exclude = (entries ?? []).filter((e) => e.exclude);
  return all.filter(
    (p) =>
      include.some((e) => pathMatch(e.path, p, crossSlash)) &&
      !exclude.some((e) => pathMatch(e.path, p, crossSlash)),
  );
}

/** Path parameters of a directory (or of a file's directory, with its file name). */
function pathParams(
  dir: string,
  file: string | undefined,
  goTemplate: boolean,
  prefix: string | undefined,
): Params {
  const base = basename(dir);
  const segments = dir === '.' || dir === '' ? [] : dir.split('/');
  const info: Record<string, unknown> = {
    path: dir,
    basename: base,
    basenameNormalized: normalizeName(base),
    ...(file !== undefined ? { filename: file, filenameNormalized: normalizeName(file) } : {}),
  };
  if (goTemplate) {
    const nested = { path: { ...info, segments } };
    return prefix ? { [prefix]: nested } : nested;
  }
  const key = prefix ? `${prefix}.path` : 'path';
  const flat: Params = { [key]: dir };
  for (const [k, v] of Object.entries(info)) if (k !== 'path') flat[`${key}.${k}`] = v;
  segments.forEach((s, i) => (flat[`${key}[${i}]`] = s));
  return flat;
}

function parseFile(path: string, text: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    const docs = parseAllDocuments(text);
    const firstError = docs.flatMap((d) => d.errors)[0];
    if (firstError) throw firstError;
    value = docs.length === 0 ? {} : docs[0]?.toJS();
  } catch (e) {
    throw new GeneratorError(`unable to process file '${path}': ${(e as Error).message}`);
  }
  if (value === null || value === undefined) return [{}];
  const items = Array.isArray(value) ? value : [value];
  if (!items.every(isPlainObject))
    throw new GeneratorError(`unable to process file '${path}': it must hold an object or a list of objects`);
  return items;
}

export async function generateGit(gen: GitGenerator, ctx: GenerateContext): Promise<Params[]> {
  if (!gen.directories && !gen.files) throw new GeneratorError('git generator: set directories or files');
  const project = ctx.appSet.spec.template.spec.project;
  const { root } = await ctx.deps.checkout(gen.repoURL, gen.revision, project);
  const { dirs, files } = await walk(root);
  const prefix = gen.pathParamPrefix || undefined;
  const out: Params[] = [];
  if (gen.directories) {
    for (const dir of selectPaths(dirs, gen.directories, false))
      out.push(withValues(pathParams(dir, undefined, ctx.goTemplate, prefix), gen.values, ctx));
  }
  if (gen.files) {
    for (const file of selectPaths(files, gen.files, true)) {
      const text = await readFile(join(root, file), 'utf8');
      for (const item of parseFile(file, text)) {
        const path = pathParams(dirname(file), basename(file), ctx.goTemplate, prefix);
        const content = ctx.goTemplate ? item : flatten(item);
        out.push(withValues({ ...content, ...path }, gen.values, ctx));
      }
    }
  }
  return out;
}
