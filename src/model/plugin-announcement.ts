// A config management plugin's parameter announcement (Argo CD's ParameterAnnouncement): what a plugin
// tells the UI about a parameter — read from plugin.yaml, a dynamic command's output and the API.
import { z } from 'zod';

export const parameterAnnouncement = z
  .object({
    name: z.string().min(1),
    title: z.string().optional(),
    tooltip: z.string().optional(),
    required: z.boolean().optional(),
    itemType: z.string().optional(),
    collectionType: z.enum(['', 'string', 'array', 'map']).optional(),
    string: z.string().optional(),
    array: z.array(z.string()).optional(),
    map: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type ParameterAnnouncement = z.infer<typeof parameterAnnouncement>;
