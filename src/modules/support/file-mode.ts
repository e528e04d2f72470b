/**
 * File modes as Ansible reads them: an int is the mode's value (YAML 0644),
 * a string is octal digits ('644', '0644', '0o644') or symbolic
 * ('u=rw,g=r', 'a+X'). Symbolic modes are resolved here, against the
 * file's current mode and the host's umask, so that a query can say
 * exactly whether a chmod would change anything (Ansible's algorithm,
 * module_utils/basic.py _symbolic_mode_to_octal).
 */
import { z } from 'zod';

const PERM_BITS = 0o7777;
const OCTAL = /^(?:0o?)?[0-7]+$/i;
const SYMBOLIC_ONE = /^[ugoa]*(?:[-+=][rwxXstugo]*)+$/;

export type ModeParam = number | string;

/** The zod type of a `mode` parameter: rejects values Ansible would reject, before any host is touched. */
export const modeParam = z.union([z.number().int().min(0).max(PERM_BITS), z.string()]).refine((m) => typeof m === 'number' || isValidMode(m), {
  message: 'mode must be an octal number or a symbolic mode such as u=rw,g=r,o=r',
});

/** copy's and template's mode, which may also be `preserve`: the source file's own mode. */
export const preservableMode = z.union([z.literal('preserve'), modeParam]);

export function isValidMode(mode: string): boolean {
  const m = mode.trim();
  return OCTAL.test(m) ? parseInt(m.replace(/^0o/i, ''), 8) <= PERM_BITS : m.split(',').every((part) => SYMBOLIC_ONE.test(part));
}

/** True when the mode does not depend on the file's current mode (it can be computed without a stat). */
export function isAbsoluteMode(mode: ModeParam): boolean {
  return typeof mode === 'number' || OCTAL.test(mode.trim());
}

/** Ansible's '0%03o' (file results); stat uses '%04o'. */
export function formatMode(mode: number): string {
  return `0${(mode & PERM_BITS).toString(8).padStart(3, '0')}`;
}

/**
 * The numeric mode chmod is given: five digits, because GNU chmod keeps a
 * directory's setuid and setgid bits under a shorter numeric mode, where
 * Ansible's os.chmod sets exactly the bits asked for.
 */
export function chmodOctal(mode: number): string {
  return (mode & PERM_BITS).toString(8).padStart(5, '0');
}

/**
 * A non-directory's mode once chown has run: Linux drops setuid, and setgid
 * when group-execute is set, whoever the caller. Ansible sets owner and
 * group first and then compares the mode it finds, so the bits come back.
 */
export function modeAfterChown(mode: number): number {
  return mode & ~0o4000 & ((mode & 0o2010) === 0o2010 ? ~0o2000 : ~0);
}

/** modeAfterChown in the shell's arithmetic, applied to the variable `name`. */
export function modeAfterChownShell(name: string): string {
  return `${name}=$(( ${name} & ~04000 & ~((${name} & 02010) == 02010 ? 02000 : 0) ))`;
}

export function formatMode4(mode: number): string {
  return (mode & PERM_BITS).toString(8).padStart(4, '0');
}

/**
 * The mode the file gets: `current` is its permission bits now (0 for a
 * file about to be made), `isDir` decides X, `umask` applies to symbolic
 * parts without a user ("+x" behaves like chmod's, masked by the umask).
 */
export function resolveMode(mode: ModeParam, current: number, isDir: boolean, umask: number): number {
  if (typeof mode === 'number') return mode;
  const m = mode.trim();
  if (OCTAL.test(m)) return parseInt(m.replace(/^0o/i, ''), 8);
  // X and the u, g, o copies read the mode as it was before any part applied (Ansible's path_stat).
  const original = current & PERM_BITS;
  let result = original;
  for (const part of m.split(',')) {
    const match = /^([ugoa]*)(.*)$/.exec(part);
    const who = match?.[1] ?? '';
    const rest = match?.[2] ?? '';
    const useUmask = who === '';
    const users = who === '' || who.includes('a') ? 'ugo' : who;
    for (const op of rest.matchAll(/([-+=])([rwxXstugo]*)/g)) {
      const operator = op[1] ?? '=';
      const perms = op[2] ?? '';
      for (const user of users) {
        const toApply = permsToBits(user as 'u' | 'g' | 'o', perms, original, isDir, useUmask, umask);
        result = applyOperation(user as 'u' | 'g' | 'o', operator, toApply, result);
      }
    }
  }
  return result;
}

function applyOperation(user: 'u' | 'g' | 'o', operator: string, bits: number, current: number): number {
  if (operator === '+') return current | bits;
  if (operator === '-') return current & ~bits & PERM_BITS;
  const mask = user === 'u' ? 0o4700 : user === 'g' ? 0o2070 : 0o1007;
  return (current & (mask ^ PERM_BITS)) | bits;
}

function permsToBits(user: 'u' | 'g' | 'o', perms: string, prev: number, isDir: boolean, useUmask: boolean, umask: number): number {
  const shift = user === 'u' ? 6 : user === 'g' ? 3 : 0;
  const keep = useUmask ? ~umask & PERM_BITS : PERM_BITS;
  const applyX = isDir || (prev & 0o111) > 0;
  let bits = 0;
  for (const p of perms) {
    switch (p) {
      case 'r': bits |= (0o4 << shift) & keep; break;
      case 'w': bits |= (0o2 << shift) & keep; break;
      case 'x': bits |= (0o1 << shift) & keep; break;
      case 'X': if (applyX) bits |= 0o1 << shift; break;
      case 's': bits |= user === 'u' ? 0o4000 : user === 'g' ? 0o2000 : 0; break;
      case 't': bits |= user === 'o' ? 0o1000 : 0; break;
      // Copying another class's bits: u, g, o moved into this class's place.
      case 'u': bits |= ((prev >> 6) & 7) << shift; break;
      case 'g': bits |= ((prev >> 3) & 7) << shift; break;
      case 'o': bits |= (prev & 7) << shift; break;
    }
  }
  return bits;
}
