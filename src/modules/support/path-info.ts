/**
 * The fields Ansible adds to every result that names a `path` or `dest`
 * (AnsibleModule.add_path_info): owner, group, mode, state and size of the
 * path as it is after the task. Printed by the apply command's last snippet.
 */
import { Command, sh } from '../../connection/index.js';
import type { ResultFields } from '../contract.js';
import { formatMode } from './file-mode.js';
import { statSnippet, type Probe, type RemoteStat } from './remote-probe.js';

/** lstat (PI) and, for a link, stat (PF) of the path: what add_path_info looks at (a process less when it is no link). */
export function pathInfoSnippets(path: string): Command {
  return Command.join([statSnippet('PI', path, false), sh`; if [ -L ${path} ]; then`, statSnippet('PF', path, true), Command.raw('; fi')]);
}

/** Fields from two stats (lstat and stat); nothing when the path (or a link's target) does not exist. */
export function pathInfo(lstat: RemoteStat | undefined, st: RemoteStat | undefined): ResultFields {
  if (!lstat || !st) return {};
  const state = lstat.type === 'link' ? 'link' : st.type === 'directory' ? 'directory' : st.nlink > 1 ? 'hard' : 'file';
  return { uid: lstat.uid, gid: lstat.gid, owner: lstat.owner, group: lstat.group, mode: formatMode(lstat.mode), state, size: lstat.size };
}

export function probedPathInfo(probe: Probe): ResultFields {
  const lstat = probe.stat('PI');
  return pathInfo(lstat, lstat?.type === 'link' ? probe.stat('PF') : lstat);
}

