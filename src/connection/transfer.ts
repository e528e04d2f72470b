/**
 * File transfer as shell snippets run over one exec channel: the content is
 * streamed to the snippet's stdin, so a put is one round trip (SFTP needs
 * open/write.../close/setstat/rename, each a round trip).
 *
 *   t=<dir>/.<name>.kr<random>; umask 077 && cat > "$t" && chmod MODE "$t"
 *     && chown OWNER:GROUP "$t" && mv -f "$t" <path> || { rc=$?; rm -f "$t"; exit $rc; }
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { Command, quote } from './command.js';
import type { PutOptions } from './types.js';

const NAME_OK = /^[a-z_][a-z0-9_.-]*\$?$|^\d+$/i;

/** Whether putCommand takes `name` as an owner or group (a user name as useradd allows it, or an id). */
export function ownerNameOk(name: string): boolean {
  return NAME_OK.test(name);
}
const SYMBOLIC_MODE = /^[ugoa]*[-+=][rwxXst]*(?:[-+=][rwxXst]*)*(?:,[ugoa]*[-+=][rwxXst]*(?:[-+=][rwxXst]*)*)*$/;

/** A number is the mode's value (0o644, YAML's 0644); a string is octal digits ('644', '0644') or symbolic. */
export function normalizeMode(mode: number | string): string {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new RangeError(`invalid file mode ${mode}`);
    return mode.toString(8).padStart(4, '0');
  }
  const m = mode.trim();
  if (/^0?[0-7]{3,4}$/.test(m)) return m.padStart(4, '0');
  if (SYMBOLIC_MODE.test(m)) return m;
  throw new RangeError(`invalid file mode "${mode}"`);
}

export function putCommand(remotePath: string, options: Pick<PutOptions, 'mode' | 'owner' | 'group'> = {}, token = randomBytes(6).toString('hex')): Command {
  if (!posix.isAbsolute(remotePath)) {
    throw new RangeError(`remote path must be absolute: ${remotePath}`);
  }
  if (remotePath.endsWith('/')) throw new RangeError(`remote path names a folder: ${remotePath}`);
  const dir = posix.dirname(remotePath);
  const base = posix.basename(remotePath);
  const tmp = posix.join(dir, `.${base.slice(0, 100)}.kr${token}`);
  const steps: string[] = [];
  const mode = options.mode !== undefined ? normalizeMode(options.mode) : undefined;
  const target = quote(remotePath);
  for (const n of [options.owner, options.group]) {
    if (n !== undefined && !NAME_OK.test(n)) throw new RangeError(`invalid user or group name "${n}"`);
  }
  // With a mode, nobody else may read the temp file before it has that mode; without one, the file
  // gets the umask's mode, and a replaced file keeps its mode (as Ansible's atomic_move does).
  // A mode without execute or special bits is what the file is born with under its complement
  // umask: no chmod process.
  const bits = mode !== undefined && /^[0-7]{4}$/.test(mode) ? parseInt(mode, 8) : undefined;
  const bornWithMode = bits !== undefined && (bits & ~0o666) === 0;
  if (bornWithMode) steps.push(`umask ${(0o777 & ~bits).toString(8).padStart(4, '0')}`);
  else if (mode !== undefined) steps.push('umask 077');
  steps.push('cat > "$t"');
  // A replaced file keeps its owner and group (whatever the mode), except what is asked for.
  if (options.owner === undefined || options.group === undefined) {
    steps.push(`{ [ ! -e ${target} ] || chown --reference=${target} "$t" 2>/dev/null || true; }`);
  }
  if (options.owner !== undefined || options.group !== undefined) {
    const spec = `${options.owner ?? ''}${options.group !== undefined ? `:${options.group}` : ''}`;
    steps.push(`chown ${quote(spec)} "$t"`);
  }
  // The mode last: chown clears the setuid and setgid bits.
  if (mode !== undefined && !bornWithMode) steps.push(`chmod ${quote(mode)} "$t"`);
  else if (mode === undefined) steps.push(`{ [ ! -e ${target} ] || chmod --reference=${target} "$t" 2>/dev/null || true; }`);
  steps.push(`mv -f "$t" ${target}`);
  return Command.raw(`t=${quote(tmp)}; ${steps.join(' && ')} || { rc=$?; rm -f "$t"; exit $rc; }`);
}

export function getCommand(remotePath: string): Command {
  return Command.argv(['cat', '--', remotePath]);
}
