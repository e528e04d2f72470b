/**
 * The shell half of a converge for owner, group and mode: it runs after the
 * module's probe in the same command (one round trip instead of query and
 * apply) and changes only what differs, with the commands the query's plan
 * would run (chown U:G, chown U, chgrp G, chmod NNNN; a missing directory
 * made one level at a time, each new level given the attributes). Names were
 * looked up by the probe (kr_U, kr_G: ownerSnippets); an unknown name makes
 * the shell change nothing, so the module reports the lookup failure as its
 * query would. It prints `DONE\t<rc>` and the path's info (path-info.ts)
 * only when it ran a command.
 */
import { Command, quote } from '../../connection/index.js';
import { isNumericId, lookupsFound } from './file-attrs.js';
import { pathInfoSnippets } from './path-info.js';
import type { Probe } from './remote-probe.js';

export interface WantedAttrs {
  path: string;
  owner?: string | undefined;
  group?: string | undefined;
  /** Permission bits; undefined leaves the mode alone. */
  mode?: number | undefined;
}

/** Which existing paths the shell may fix: a directory, a regular file, or either (a file with one link). */
export type ConvergeKind = 'directory' | 'file' | 'any';

/** The id as the shell sees it: a number as written, a name as the probe's lookup found it. */
function idWord(name: string | undefined, tag: 'U' | 'G'): string | undefined {
  if (name === undefined) return undefined;
  return isNumericId(name) ? String(Number(name)) : `"$kr_${tag}"`;
}

/** chown/chgrp as attrCommands words it, for ids the shell compares with `$1` (uid) and `$2` (gid). */
function ownership(path: string, uid: string | undefined, gid: string | undefined, compare: boolean): string[] {
  const p = quote(path);
  const differs = (field: string, id: string) => (compare ? `[ "${field}" != ${id} ]` : 'true');
  if (uid !== undefined && gid !== undefined) {
    if (!compare) return [`chown ${uid}:${gid} -- ${p}`];
    return [
      `if ${differs('$1', uid)} && ${differs('$2', gid)}; then kr_c=1; chown ${uid}:${gid} -- ${p}; elif ${differs('$1', uid)}; then kr_c=1; chown ${uid} -- ${p}; elif ${differs('$2', gid)}; then kr_c=1; chgrp ${gid} -- ${p}; fi`,
    ];
  }
  if (uid !== undefined) return compare ? [`if ${differs('$1', uid)}; then kr_c=1; chown ${uid} -- ${p}; fi`] : [`chown ${uid} -- ${p}`];
  if (gid !== undefined) return compare ? [`if ${differs('$2', gid)}; then kr_c=1; chgrp ${gid} -- ${p}; fi`] : [`chgrp ${gid} -- ${p}`];
  return [];
}

function chmod(path: string, mode: number | undefined, compare: boolean): string[] {
  if (mode === undefined) return [];
  const words = `chmod ${mode.toString(8).padStart(4, '0')} -- ${quote(path)}`;
  // stat's %a is the octal mode without leading zeros, as toString(8) writes it.
  return compare ? [`if [ "$3" != ${mode.toString(8)} ]; then kr_c=1; ${words}; fi`] : [words];
}

/** The mkdir of each missing level, as file's plan for an absent directory runs it. */
function makeDirectory(want: WantedAttrs, uid: string | undefined, gid: string | undefined): string {
  const parts = want.path.split('/').filter((s) => s !== '');
  return parts
    .map((_, i) => {
      const dir = `${want.path.startsWith('/') ? '/' : ''}${parts.slice(0, i + 1).join('/')}`;
      // mkdir -m sets a plain mode as chmod would, one process fewer; a level that is there costs none.
      const plainMode = want.mode !== undefined && want.mode <= 0o777 ? `-m ${want.mode.toString(8).padStart(4, '0')} ` : '';
      const attrs = [...ownership(dir, uid, gid, false), ...(plainMode ? [] : chmod(dir, want.mode, false))].map((c) => ` && ${c}`).join('');
      const d = quote(dir);
      return `{ [ -d ${d} ] || if mkdir ${plainMode}-- ${d} 2>/dev/null; then :${attrs}; elif [ ! -d ${d} ]; then mkdir -- ${d}; fi; }`;
    })
    .join(' && ');
}

export function attrConvergeStep(want: WantedAttrs, kind: ConvergeKind, createDirectory: boolean): Command {
  const p = quote(want.path);
  const uid = idWord(want.owner, 'U');
  const gid = idWord(want.group, 'G');
  const fixes = [...ownership(want.path, uid, gid, true), ...chmod(want.path, want.mode, true)];
  const existing = kind === 'directory' ? `[ -d ${p} ]` : kind === 'file' ? `[ -f ${p} ]` : `{ [ -d ${p} ] || { [ -f ${p} ] && [ "$4" = 1 ]; }; }`;
  const branches = [`if ${existing}; then ${fixes.length > 0 ? fixes.join(' && ') : ':'}`];
  if (createDirectory) branches.push(`elif [ ! -e ${p} ]; then kr_c=1; ${makeDirectory(want, uid, gid)}`);
  const guard = [`[ ! -L ${p} ]`, ...lookupsFound(want)].join(' && ');
  return Command.join([
    Command.raw(
      [
        `kr_c=; kr_rc=0; set --; [ ! -e ${p} ] || set -- $(stat -c '%u %g %a %h' -- ${p} 2>/dev/null)`,
        `if ${guard}; then { ${branches.join('; ')}; fi; } || kr_rc=$?; fi`,
        `if [ -n "$kr_c" ]; then printf 'DONE\\t%s\\n' "$kr_rc";`,
      ].join('; '),
    ),
    pathInfoSnippets(want.path),
    Command.raw('; fi'),
  ]);
}

/** The rc of the shell's changes, or undefined when it changed nothing. */
export function convergedRc(probe: Probe): number | undefined {
  const rc = probe.text('DONE');
  return rc === undefined ? undefined : Number(rc);
}
