/**
 * merge_yaml: Kolla's layered YAML configuration (policy files, service
 * configs): each source rendered on the controller (missing ones skipped),
 * mappings merged recursively, later sources winning; put like template.
 */
import { z } from 'zod';
import { parseYaml, stringifyYaml } from '../yaml/load.js';
import { wholeFileParams, type DesiredFile } from './support/remote-file.js';
import { defineWholeFileModule } from './support/whole-file.js';

export const mergeYamlParams = z
  .object({
    ...wholeFileParams,
    sources: z.array(z.string()).min(1),
    extend_lists: z.boolean().default(false),
  })
  .strict();
export type MergeYamlParams = z.infer<typeof mergeYamlParams>;

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepMerge(base: unknown, over: unknown, extendLists: boolean): unknown {
  if (isMapping(base) && isMapping(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v, extendLists) : v;
    return out;
  }
  if (extendLists && Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  return over;
}

export const mergeYamlModule = defineWholeFileModule<MergeYamlParams>({
  name: 'merge_yaml',
  schema: mergeYamlParams,
  dest: (params) => params.dest,
  async desired(params, ctx): Promise<DesiredFile> {
    let merged: unknown = {};
    for (const source of params.sources) {
      if (!ctx.local.exists(source, 'templates')) continue;
      const doc = parseYaml(await ctx.local.render(source), source);
      merged = deepMerge(merged, doc.value ?? {}, params.extend_lists);
    }
    const content = Buffer.from(stringifyYaml(merged));
    return { dest: params.dest, content, attributes: { mode: params.mode, owner: params.owner, group: params.group }, force: true, backup: params.backup };
  },
});
