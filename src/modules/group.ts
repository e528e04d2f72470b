/**
 * group: a local group, present (with a gid) or absent. Query reads the
 * group with one `getent group`; apply runs groupadd/groupmod/groupdel and
 * reads the group again in the same command, for the registered gid.
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ResultFields } from './contract.js';
import { lines } from './support/host-output.js';
import { bool, int } from './support/params.js';

export const groupParams = z
  .object({
    // '' goes to the tools, which refuse it with their own message (as Ansible lets them).
    name: z.string(),
    gid: int(0).optional(),
    system: bool().default(false),
    // Ansible's `local` uses lgroupadd (libuser); on Debian the shadow tools already write /etc/group.
    local: bool().optional(),
    non_unique: bool().default(false),
    state: z.enum(['present', 'absent']).default('present'),
  })
  .strict()
  .refine((p) => !p.non_unique || p.gid !== undefined, { message: 'non_unique is True but all of the following are missing: gid', path: ['gid'] });
export type GroupParams = z.infer<typeof groupParams>;

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** One `getent group` line -> the entry (undefined for no line). */
export function parseGroup(line: string): GroupEntry | undefined {
  // getent's line always has four fields; an empty stdout (after groupdel) has one.
  const [name = '', , gid, members] = line.trim().split(':');
  if (gid === undefined) return undefined;
  return { name, gid: Number(gid), members: members ? members.split(',') : [] };
}

/** The command that brings the group to the wanted state, or undefined when it is there. */
export function groupCommand(p: GroupParams, current: GroupEntry | undefined): Command | undefined {
  if (p.state === 'absent') return current ? sh`groupdel ${p.name}` : undefined;
  if (!current) {
    return Command.argv(['groupadd', ...(p.gid !== undefined ? ['-g', String(p.gid)] : []), ...(p.non_unique ? ['-o'] : []), ...(p.system ? ['-r'] : []), p.name]);
  }
  if (p.gid !== undefined && p.gid !== current.gid) return Command.argv(['groupmod', '-g', String(p.gid), ...(p.non_unique ? ['-o'] : []), p.name]);
  return undefined;
}

interface Plan {
  command: Command;
}

function fields(p: GroupParams, entry: GroupEntry | undefined): ResultFields {
  return { name: p.name, state: p.state, ...(entry ? { system: p.system, gid: entry.gid } : {}) };
}

export const groupModule = defineModule<GroupParams, Plan>({
  name: 'group',
  schema: groupParams,
  check: 'full',
  async query(p, ctx) {
    const got = await ctx.run(sh`getent group ${p.name}`);
    // getent exits 2 for "not found"; anything else is a real failure.
    if (got.rc !== 0 && got.rc !== 2) throw new Error(`cannot read group ${p.name}: ${got.stderr.trim() || `rc ${got.rc}`}`);
    const current = got.rc === 0 ? parseGroup(got.stdout) : undefined;
    const command = groupCommand(p, current);
    if (!command) return { changed: false, reason: `group ${p.name} is ${p.state}`, result: fields(p, current) };
    const after = p.state === 'absent' ? undefined : { name: p.name, gid: p.gid ?? current?.gid ?? null };
    // Check mode: Ansible registers only `changed` for a group to add or delete, the current fields for one to modify.
    const result = current && p.state === 'present' ? fields(p, current) : {};
    return { changed: true, reason: `would run ${command.toDisplay()}`, plan: { command }, before: current ?? null, after: after ?? null, result };
  },
  async apply(p, plan, ctx) {
    const r = await ctx.run(sh`${plan.command} && { getent group ${p.name} || true; }`);
    // Ansible registers the tool's stderr as it is: the failure's msg, or stderr beside a success.
    if (r.rc !== 0) return { failed: true, name: p.name, msg: r.stderr || `rc ${r.rc}` };
    return { ...fields(p, parseGroup(r.stdout)), changed: true, ...(r.stderr !== '' ? { stderr: r.stderr, stderr_lines: lines(r.stderr) } : {}) };
  },
});
