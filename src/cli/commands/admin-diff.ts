// `driftless admin diff DESIRED.yaml LIVE.yaml`: the comparison the controller makes, on two files (exit 0 equal, 1 different, 2 error).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AbortError, DriftlessError, formatError } from '../../common/errors.js';
import { GoYamlError, parseGoYamlDocuments } from '../../common/go-yaml.js';
import { diffFiles, validateIgnoreDifferences } from '../../diff/index.js';
import { isPlainObject, type ResourceIgnoreDifferences } from '../../model/index.js';
import { newCommand, outputOption, type OutputFormat } from '../output.js';

const EXIT_EQUAL = 0;
const EXIT_DIFFERENT = 1;
const EXIT_ERROR = 2;

interface AdminDiffOptions {
  ignoreDifferences?: string;
  output: OutputFormat;
}

export function adminDiffCommand(): Command {
  return newCommand(
    'diff',
    'compare desired and live manifests as the controller does (exit 0 equal, 1 different, 2 error)',
  )
    .argument('<desired>', 'YAML file with the desired objects (as rendered from Git)')
    .argument('<live>', 'YAML file with the live objects (e.g. kubectl get -o yaml)')
    .option(
      '--ignore-differences <file>',
      'YAML file with ignoreDifferences rules (a list, or an Application whose spec has them)',
    )
    .addOption(outputOption(['table', 'json']))
    .action((desiredPath: string, livePath: string, opts: AdminDiffOptions) => {
      process.exitCode = runAdminDiff(desiredPath, livePath, opts);
    });
}

function runAdminDiff(desiredPath: string, livePath: string, opts: AdminDiffOptions): number {
  try {
    const ignore =
      opts.ignoreDifferences === undefined ? undefined : readIgnoreDifferences(opts.ignoreDifferences);
    const result = diffFiles(readText(desiredPath), readText(livePath), ignore);
    if (opts.output === 'json')
      process.stdout.write(
        JSON.stringify({ equal: result.equal, resources: result.resources }, null, 2) + '\n',
      );
    else if (!result.equal)
      process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return result.equal ? EXIT_EQUAL : EXIT_DIFFERENT;
  } catch (e) {
    // Everything here is about the user's files: one line and a hint, never a stack.
    const err = e instanceof DriftlessError ? e : new AbortError(e instanceof Error ? e.message : String(e));
    process.stderr.write(formatError(err) + '\n');
    return EXIT_ERROR;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = isPlainObject(e) || e instanceof Error ? (e as { code?: unknown }).code : undefined;
    throw new AbortError(`cannot read ${path}${code === 'ENOENT' ? ': no such file' : ''}`, {
      hint: 'check the path',
      cause: e,
    });
  }
}

/** Accepts a list of rules, `{ignoreDifferences: [...]}`, or an Application manifest. */
function readIgnoreDifferences(path: string): ResourceIgnoreDifferences[] {
  let doc: unknown;
  try {
    doc = parseGoYamlDocuments(readText(path))[0]?.value;
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    throw new AbortError(`${path}: invalid YAML: ${e.message}`, { hint: 'check the file is valid YAML' });
  }
  const spec = isPlainObject(doc) && isPlainObject(doc.spec) ? doc.spec : undefined;
  const rules = Array.isArray(doc)
    ? doc
    : isPlainObject(doc)
      ? (spec?.ignoreDifferences ?? doc.ignoreDifferences)
      : undefined;
  if (!Array.isArray(rules) || !rules.every(isPlainObject)) {
    throw new AbortError(`${path}: no ignoreDifferences rules found`, {
      hint: 'give a YAML list of rules (group, kind, jsonPointers, jqPathExpressions, …) or an Application with spec.ignoreDifferences',
    });
  }
  const typed = rules as unknown as ResourceIgnoreDifferences[];
  const problems = validateIgnoreDifferences(typed);
  if (problems.length > 0)
    throw new AbortError(`${path}: ${problems[0] ?? ''}`, {
      hint: 'jq expressions support paths, [], [n], select(), |, ==, and/or, has/startswith/endswith/contains',
    });
  return typed;
}
