/**
 * Missing folders made as Ansible makes them: each level that is not there,
 * parents first, given the owner, group and mode asked for, as the file
 * module (and copy's makedirs for a dest ending in /) sets them on every
 * level it makes. A shell statement for a script that may `exit`: it stops
 * the script at the first level it cannot make.
 */
import { quote } from '../../connection/index.js';
import { chmodOctal, formatMode4 } from './file-mode.js';

export interface LevelAttrs {
  /** A number is set exactly; a symbolic mode is handed to chmod. */
  mode?: number | string | undefined;
  owner?: string | undefined;
  group?: string | undefined;
}

/** `dir` and each folder above it, outermost first (`/a/b` gives `/a`, `/a/b`). */
export function levelsOf(dir: string): string[] {
  const parts = dir.split('/').filter((s) => s !== '');
  return parts.map((_, i) => `${dir.startsWith('/') ? '/' : ''}${parts.slice(0, i + 1).join('/')}`);
}

/**
 * A new folder below a setgid one inherits setgid; Ansible then finds the mode differs from the
 * one asked for and sets it exactly. `dir` is a shell word (quoted, or "$d"); a builtin test, no
 * process unless it must.
 */
export function dropInheritedSetgid(dir: string, mode: number): string {
  if (mode & 0o2000) return ':';
  return `{ [ ! -g ${dir} ] || chmod ${chmodOctal(mode)} -- ${dir}; }`;
}

/** The commands making one new folder "$d" with the attributes (a chown leaves a folder's mode bits alone). */
function makeOne(attrs: LevelAttrs): string {
  const { mode, owner, group } = attrs;
  const words = ['mkdir'];
  if (typeof mode === 'number') words.push('-m', formatMode4(mode));
  const steps = [`${words.join(' ')} -- "$d"`];
  if (owner !== undefined || group !== undefined) steps.push(`chown ${quote(`${owner ?? ''}${group !== undefined ? `:${group}` : ''}`)} -- "$d"`);
  if (typeof mode === 'number') steps.push(dropInheritedSetgid('"$d"', mode));
  if (typeof mode === 'string') steps.push(`chmod ${quote(mode)} -- "$d"`);
  return steps.join(' && ');
}

/** Makes each of `dirs` that is missing, in order (parents before children). */
export function makeEach(dirs: readonly string[], attrs: LevelAttrs = {}): string {
  if (dirs.length === 0) return ':';
  // set -e spares a failure inside an && list: `|| exit` stops the script there.
  return `for d in ${dirs.map(quote).join(' ')}; do [ -d "$d" ] && continue; { ${makeOne(attrs)}; } || exit; done`;
}

/** Makes `dir` and whatever is missing above it. */
export function makeLevels(dir: string, attrs: LevelAttrs = {}): string {
  return makeEach(levelsOf(dir), attrs);
}
