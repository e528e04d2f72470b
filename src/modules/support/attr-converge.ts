/**
 * The shell half of a converge for owner, group and mode: it runs after the
 * module's probe in the same command (one round trip instead of query and
 * apply) and changes only what differs, with the commands the query's plan
 * would run (chown U:G, chown U, chgrp G, chmod 0NNNN; a missing directory
 * made one level at a time, each new level given the attributes). Names were
 * looked up by the probe (kr_U, kr_G: ownerSnippets); an unknown name makes
 * the shell change nothing, so the module reports the lookup failure as its
 * query would. It prints `DONE\t<rc>` and the path's info (path-info.ts)
 * only when it ran a command.
 *
 * The path's state comes from the probe's own lstat, kept in $kr_S
 * (statSnippet with keep = KEPT_STAT): no second stat is run for it.
 */
import { Command, quote } from '../../connection/index.js';
import { isNumericId, lookupsFound } from './file-attrs.js';
import { chmodOctal, modeAfterChownShell } from './file-mode.js';
import { dropInheritedSetgid, levelsOf } from './make-dirs.js';
import { pathInfoSnippets } from './path-info.js';
import type { Probe } from './remote-probe.js';

/** The shell variable the probe's lstat line of the path is kept in. */
export const KEPT_STAT = 'kr_S';

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

/**
 * chown/chgrp as attrCommands words it. Compared, they read the kept lstat's fields ($3 uid, $4 gid)
 * and set kr_o when one ran.
 */
function ownership(path: string, uid: string | undefined, gid: string | undefined, compare: boolean): string[] {
  const p = quote(path);
  const differs = (field: string, id: string) => (compare ? `[ "${field}" != ${id} ]` : 'true');
  const ran = 'kr_c=1; kr_o=1;';
  if (uid !== undefined && gid !== undefined) {
    if (!compare) return [`chown ${uid}:${gid} -- ${p}`];
    return [
      `if ${differs('$3', uid)} && ${differs('$4', gid)}; then ${ran} chown ${uid}:${gid} -- ${p}; elif ${differs('$3', uid)}; then ${ran} chown ${uid} -- ${p}; elif ${differs('$4', gid)}; then ${ran} chgrp ${gid} -- ${p}; fi`,
    ];
  }
  if (uid !== undefined) return compare ? [`if ${differs('$3', uid)}; then ${ran} chown ${uid} -- ${p}; fi`] : [`chown ${uid} -- ${p}`];
  if (gid !== undefined) return compare ? [`if ${differs('$4', gid)}; then ${ran} chgrp ${gid} -- ${p}; fi`] : [`chgrp ${gid} -- ${p}`];
  return [];
}

/** The chmod of an existing path when its mode (as a chown above left it) differs, as Ansible compares after setting owners. */
function chmodIfDiffers(path: string, mode: number): string {
  const p = quote(path);
  return `{ kr_m=$(( 0x$2 & 07777 )); [ -z "$kr_o" ] || [ -d ${p} ] || ${modeAfterChownShell('kr_m')}; if [ "$kr_m" != ${mode} ]; then kr_c=1; chmod ${chmodOctal(mode)} -- ${p}; fi; }`;
}

/** The mkdir of each missing level, as file's plan for an absent directory runs it. */
function makeDirectory(want: WantedAttrs, uid: string | undefined, gid: string | undefined): string {
  return levelsOf(want.path)
    .map((dir) => {
      const d = quote(dir);
      const mode = want.mode;
      // mkdir -m sets a plain mode as chmod would, one process fewer; a level that is there costs none.
      const plain = mode !== undefined && mode <= 0o777;
      const attrs = [
        ...ownership(dir, uid, gid, false),
        ...(mode === undefined ? [] : plain ? [dropInheritedSetgid(d, mode)] : [`chmod ${chmodOctal(mode)} -- ${d}`]),
      ];
      const made = attrs.map((c) => ` && ${c}`).join('');
      return `{ [ -d ${d} ] || if mkdir ${plain ? `-m ${chmodOctal(mode)} ` : ''}-- ${d} 2>/dev/null; then :${made}; elif [ ! -d ${d} ]; then mkdir -- ${d}; fi; }`;
    })
    .join(' && ');
}

/**
 * The path's info after a chmod alone of a plain mode: the kept lstat with the new permission bits
 * (printf, no stat); anything else (a chown, a special bit, a new directory) is stat'ed again.
 */
function infoAfter(want: WantedAttrs): Command {
  const mode = want.mode;
  if (want.owner !== undefined || want.group !== undefined || mode === undefined || mode & 0o7000) return pathInfoSnippets(want.path);
  const fields = Array.from({ length: 15 }, (_, i) => `"\${${i + 3}}"`).join(' ');
  const synthesized = `printf 'PI\\t%x${'\\t%s'.repeat(15)}\\n' $(( (0x$2 & ~07777) | ${mode} )) ${fields}`;
  return Command.join([Command.raw(`if [ -z "$kr_made" ]; then ${synthesized}; else`), pathInfoSnippets(want.path), Command.raw('; fi')]);
}

export function attrConvergeStep(want: WantedAttrs, kind: ConvergeKind, createDirectory: boolean): Command {
  const p = quote(want.path);
  const uid = idWord(want.owner, 'U');
  const gid = idWord(want.group, 'G');
  const fixes = [...ownership(want.path, uid, gid, true), ...(want.mode === undefined ? [] : [chmodIfDiffers(want.path, want.mode)])];
  const existing = kind === 'directory' ? `[ -d ${p} ]` : kind === 'file' ? `[ -f ${p} ]` : `{ [ -d ${p} ] || { [ -f ${p} ] && [ "$8" = 1 ]; }; }`;
  const branches = [`if ${existing}; then ${fixes.length > 0 ? fixes.join(' && ') : ':'}`];
  if (createDirectory) branches.push(`elif [ ! -e ${p} ]; then kr_c=1; kr_made=1; ${makeDirectory(want, uid, gid)}`);
  const guard = [`[ ! -L ${p} ]`, ...lookupsFound(want)].join(' && ');
  return Command.join([
    Command.raw(
      [
        // The kept line's fields: $2 the raw mode in hex, $3 uid, $4 gid, $8 links (remote-probe's STAT_FIELDS).
        `kr_c=; kr_o=; kr_made=; kr_rc=0; set --; [ -z "$${KEPT_STAT}" ] || { set -f; set -- $${KEPT_STAT}; set +f; }`,
        `if ${guard}; then { ${branches.join('; ')}; fi; } || kr_rc=$?; fi`,
        `if [ -n "$kr_c" ]; then printf 'DONE\\t%s\\n' "$kr_rc";`,
      ].join('; '),
    ),
    infoAfter(want),
    Command.raw('; fi'),
  ]);
}

/** The rc of the shell's changes, or undefined when it changed nothing. */
export function convergedRc(probe: Probe): number | undefined {
  const rc = probe.text('DONE');
  return rc === undefined ? undefined : Number(rc);
}
