/**
 * owner, group and mode as the file-touching modules share them: names are
 * resolved on the host in the query's round trip (so an unknown user fails
 * in check mode too, as in Ansible), the change is computed here, and the
 * apply step is a few chown/chmod words with numeric ids.
 */
import { z } from 'zod';
import { Command, sh } from '../../connection/index.js';
import { chmodOctal, formatMode, modeAfterChown, modeParam, resolveMode, type ModeParam } from './file-mode.js';
import { ownerSnippets, umaskSnippet, type Probe, type RemoteStat } from './remote-probe.js';

/** The schema fields every file-touching module accepts. */
export const attrFields = {
  owner: z.string().optional(),
  group: z.string().optional(),
  mode: modeParam.optional(),
  // SELinux and attribute flags: accepted for compatibility, not supported on the test hosts.
  attributes: z.string().optional(),
  seuser: z.string().optional(),
  serole: z.string().optional(),
  setype: z.string().optional(),
  selevel: z.string().optional(),
  unsafe_writes: z.boolean().optional(),
};

export interface AttrParams {
  owner?: string | undefined;
  group?: string | undefined;
  mode?: ModeParam | undefined;
}

const NUMERIC = /^\d+$/;

/** A numeric owner or group: used as it is, never looked up. */
export function isNumericId(name: string): boolean {
  return NUMERIC.test(name);
}

/**
 * Shell tests, for a change made in the probe's own command, that every name
 * attrSnippets looked up was found (ownerSnippets keeps the ids in kr_U and
 * kr_G): an unknown name leaves the change to the query's failure.
 */
export function lookupsFound(params: AttrParams): string[] {
  const tests: string[] = [];
  if (params.owner !== undefined && !NUMERIC.test(params.owner)) tests.push('[ -n "$kr_U" ]');
  if (params.group !== undefined && !NUMERIC.test(params.group)) tests.push('[ -n "$kr_G" ]');
  return tests;
}

/** Snippets for the query: name lookups (numeric ids need none) and the umask (symbolic modes). */
export function attrSnippets(params: AttrParams): Command[] {
  const owner = params.owner !== undefined && !NUMERIC.test(params.owner) ? params.owner : undefined;
  const group = params.group !== undefined && !NUMERIC.test(params.group) ? params.group : undefined;
  return [...ownerSnippets(owner, group), umaskSnippet()];
}

export interface Ids {
  uid?: number;
  gid?: number;
}

/** The numeric ids the parameters name, or Ansible's message for a name the host does not know. */
export function resolveIds(params: AttrParams, probe: Probe): Ids | { error: string } {
  const ids: Ids = {};
  if (params.owner !== undefined) {
    const uid = NUMERIC.test(params.owner) ? Number(params.owner) : probe.id('U');
    if (uid === undefined) return { error: `chown failed: failed to look up user ${params.owner}` };
    ids.uid = uid;
  }
  if (params.group !== undefined) {
    const gid = NUMERIC.test(params.group) ? Number(params.group) : probe.id('G');
    if (gid === undefined) return { error: `chgrp failed: failed to look up group ${params.group}` };
    ids.gid = gid;
  }
  return ids;
}

export interface AttrChange {
  path: string;
  uid?: number;
  gid?: number;
  mode?: number;
  /** Change the link itself (chown -h); a link's own mode cannot change on Linux. */
  link: boolean;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** The part of a stat that owner, group and mode are compared with. */
export type AttrStat = Pick<RemoteStat, 'type' | 'mode' | 'uid' | 'gid'>;

/** What must change on `path` (whose stat is `st`), or undefined when nothing must. */
export function attrChange(path: string, st: AttrStat, ids: Ids, mode: ModeParam | undefined, umask: number): AttrChange | undefined {
  const change: AttrChange = { path, link: st.type === 'link', before: { path }, after: { path } };
  let any = false;
  if (ids.uid !== undefined && ids.uid !== st.uid) {
    change.uid = ids.uid;
    change.before.owner = st.uid;
    change.after.owner = ids.uid;
    any = true;
  }
  if (ids.gid !== undefined && ids.gid !== st.gid) {
    change.gid = ids.gid;
    change.before.group = st.gid;
    change.after.group = ids.gid;
    any = true;
  }
  if (mode !== undefined && st.type !== 'link') {
    // The mode is compared with what a chown above leaves, as Ansible stats again after setting owners.
    const current = any && st.type !== 'directory' ? modeAfterChown(st.mode) : st.mode;
    const target = resolveMode(mode, current, st.type === 'directory', umask);
    if (target !== current) {
      change.mode = target;
      change.before.mode = formatMode(current);
      change.after.mode = formatMode(target);
      any = true;
    }
  }
  return any ? change : undefined;
}

/** The commands that make the change (numeric ids and modes: nothing left for the host to interpret). */
export function attrCommands(change: AttrChange): Command[] {
  const out: Command[] = [];
  const h = change.link ? Command.raw(' -h') : Command.raw('');
  if (change.uid !== undefined && change.gid !== undefined) out.push(sh`chown${h} ${`${change.uid}:${change.gid}`} -- ${change.path}`);
  else if (change.uid !== undefined) out.push(sh`chown${h} ${String(change.uid)} -- ${change.path}`);
  else if (change.gid !== undefined) out.push(sh`chgrp${h} ${String(change.gid)} -- ${change.path}`);
  if (change.mode !== undefined) out.push(sh`chmod ${chmodOctal(change.mode)} -- ${change.path}`);
  return out;
}

/** Runs commands in order, stopping at the first failure (its stderr tells why). */
export function andThen(commands: readonly Command[]): Command {
  return Command.join(commands, ' && ');
}
