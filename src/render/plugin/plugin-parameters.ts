// A plugin's parameters announcement, as Argo CD builds it for the UI: what its `parameters.dynamic`
// command prints (a JSON list of announcements), then its `parameters.static` list; a name announced
// twice keeps its first entry.
import { z } from 'zod';
import { RenderError } from '../errors.js';
import { parameterAnnouncement, type ParameterAnnouncement } from '../../model/plugin-announcement.js';
import type { ConfigManagementPlugin } from './plugin-config.js';

/** Unknown fields in a command's output are dropped (Go's JSON decoding ignores them too). */
const dynamicOutput = z.array(z.object(parameterAnnouncement.shape));

/** Reads the dynamic command's stdout; anything but a JSON list of announcements is a RenderError saying so. */
export function parseDynamicAnnouncement(
  stdout: string,
  plugin: ConfigManagementPlugin,
): ParameterAnnouncement[] {
  const where = `plugin ${plugin.name} parameters.dynamic (${plugin.origin})`;
  const hint =
    'the command must print a JSON list like [{"name":"replicas","string":"1"}] on stdout; see docs/plugins.md';
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.trim() === '' ? '[]' : stdout);
  } catch (e) {
    throw new RenderError(`${where} printed no JSON: ${e instanceof Error ? e.message : String(e)}`, {
      reason: 'ToolFailed',
      tool: 'plugin',
      hint,
    });
  }
  const parsed = dynamicOutput.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(output)'}: ${i.message}`);
    throw new RenderError(`${where} printed an invalid announcement: ${problems.join('; ')}`, {
      reason: 'ToolFailed',
      tool: 'plugin',
      hint,
    });
  }
  return parsed.data.map(dropUndefined);
}

/** The announcement: the dynamic command's entries (if it has one), then the static ones, first name wins. */
export async function announceParameters(
  plugin: ConfigManagementPlugin,
  runDynamic: (
    cmd: NonNullable<NonNullable<ConfigManagementPlugin['spec']['parameters']>['dynamic']>,
  ) => Promise<string>,
): Promise<ParameterAnnouncement[]> {
  const dynamic = plugin.spec.parameters?.dynamic;
  const fromCommand = dynamic ? parseDynamicAnnouncement(await runDynamic(dynamic), plugin) : [];
  const seen = new Set<string>();
  return [...fromCommand, ...(plugin.spec.parameters?.static ?? [])].filter((p) => {
    if (seen.has(p.name)) return false;
    seen.add(p.name);
    return true;
  });
}

function dropUndefined(p: ParameterAnnouncement): ParameterAnnouncement {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as ParameterAnnouncement;
}
