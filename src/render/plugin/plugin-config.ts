// Argo CD's ConfigManagementPlugin (argoproj.io/v1alpha1, the sidecar's plugin.yaml): its shape, and
// reading one from YAML text with errors that name the file and the field.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AbortError } from '../../common/errors.js';
import { parameterAnnouncement } from '../../model/plugin-announcement.js';

const command = z
  .object({
    command: z.array(z.string()).min(1, 'give the program to run'),
    args: z.array(z.string()).optional(),
  })
  .strict();

const pluginSpec = z
  .object({
    version: z.string().optional(),
    init: command.optional(),
    generate: command,
    discover: z
      .object({
        fileName: z.string().optional(),
        find: z
          .object({
            glob: z.string().optional(),
            command: z.array(z.string()).optional(),
            args: z.array(z.string()).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    parameters: z
      .object({ static: z.array(parameterAnnouncement).optional(), dynamic: command.optional() })
      .strict()
      .optional(),
    preserveFileMode: z.boolean().optional(),
    /** Argo CD serialises renders of one repository; each render here works on its own copy, so it is read and ignored. */
    lockRepo: z.boolean().optional(),
    allowConcurrency: z.boolean().optional(),
  })
  .strict();

const pluginObject = z.object({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('ConfigManagementPlugin'),
  metadata: z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plugin name') }),
  spec: pluginSpec,
});

export type PluginCommand = z.infer<typeof command>;
export type PluginSpec = z.infer<typeof pluginSpec>;

/** A loaded plugin: its config, the name apps use, and where it came from (folder or ConfigMap). */
export interface ConfigManagementPlugin {
  /** `metadata.name`, or `metadata.name-spec.version` when a version is set (as Argo CD names sidecar plugins). */
  name: string;
  spec: PluginSpec;
  /** `plugin dir/<file>` or `ConfigMap <name>/<key>`. */
  origin: string;
  /** A folder the plugin's own files live in (mounted read-only for its commands), if it has one. */
  dir?: string | undefined;
}

/** Reads one plugin.yaml; a bad one is an AbortError naming its origin and the fields at fault. */
export function parsePluginConfig(text: string, origin: string, dir?: string): ConfigManagementPlugin {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new AbortError(
      `${origin}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      {
        hint: 'a plugin is one ConfigManagementPlugin object (apiVersion argoproj.io/v1alpha1), as Argo CD reads plugin.yaml',
      },
    );
  }
  const parsed = pluginObject.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
    throw new AbortError(`${origin}: not a valid ConfigManagementPlugin: ${problems.join('; ')}`, {
      hint: 'see docs/plugins.md for the fields a plugin has',
    });
  }
  const { metadata, spec } = parsed.data;
  const name = spec.version ? `${metadata.name}-${spec.version}` : metadata.name;
  return { name, spec, origin, ...(dir ? { dir } : {}) };
}
