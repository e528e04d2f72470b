/**
 * Wraps a command for the remote side: exported environment, then become
 * through sudo. With a password, sudo prompts on stderr with a unique marker
 * (`-p`), the password goes to stdin (never into the command line or the
 * output), and the command first prints a unique success marker so the
 * caller knows sudo let it through before any of the caller's stdin is sent.
 *
 *   sudo -H -S -n -u USER /bin/sh -c 'echo MARKER; <command>'
 */
import { randomBytes } from 'node:crypto';
import { Command, quote, type Secret } from './command.js';
import type { BecomeSettings } from './settings.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PreparedCommand {
  readonly command: Command;
  readonly become?: {
    readonly user: string;
    readonly password?: Secret;
    /** Appears on stderr when sudo wants the password. */
    readonly prompt: string;
    /** The first line of stdout once sudo has run the command. */
    readonly success: string;
  };
}

function envPrefix(env: Record<string, string | Secret>): Command | undefined {
  const entries = Object.entries(env);
  if (entries.length === 0) return undefined;
  const words: Command[] = [];
  for (const [name, value] of entries) {
    if (!ENV_NAME.test(name)) throw new RangeError(`invalid environment variable name "${name}"`);
    words.push(Command.join([Command.raw(`${name}=`), Command.argv([value])], ''));
  }
  return Command.join([Command.join([Command.raw('export'), ...words], ' '), Command.raw(';')], '');
}

/** sudo's own flags: the user's become_flags (default -H -S -n), always -S, -n only without password. */
export function sudoFlags(settings: BecomeSettings): string[] {
  let flags = (settings.flags ?? '-H -S -n').split(/\s+/).filter((f) => f !== '');
  if (!flags.some((f) => /^-[A-Za-z]*S/.test(f))) flags.unshift('-S');
  if (settings.password !== undefined) {
    flags = flags.map((f) => (f === '-n' ? '' : /^-[A-Za-z]+$/.test(f) ? f.replace(/n/g, '') : f)).filter((f) => f !== '' && f !== '-');
  } else if (!flags.some((f) => /^-[A-Za-z]*n/.test(f))) flags.push('-n');
  return flags;
}

export function prepareCommand(
  command: Command,
  options: { env?: Record<string, string | Secret> | undefined; become?: BecomeSettings | undefined },
  token?: string,
): PreparedCommand {
  const prefix = options.env ? envPrefix(options.env) : undefined;
  const inner = prefix ? Command.join([prefix, command], ' ') : command;
  const become = options.become;
  if (!become) return { command: inner };

  // Drawn only for become: a plain command needs no markers.
  const marker = token ?? randomBytes(8).toString('hex');
  const prompt = `[kolla-run-sudo-${marker}] password:`;
  const success = `KOLLA-RUN-BECOME-SUCCESS-${marker}`;
  const flags = sudoFlags(become);
  const head = [
    quote(become.exe ?? 'sudo'),
    ...flags,
    ...(become.password !== undefined ? ['-p', quote(prompt)] : []),
    '-u',
    quote(become.user),
    '/bin/sh',
    '-c',
  ].join(' ');
  const body = Command.join([Command.raw(`echo ${success};`), inner], ' ').quoted();
  return {
    command: Command.join([Command.raw(head), body], ' '),
    become: { user: become.user, ...(become.password !== undefined ? { password: become.password } : {}), prompt, success },
  };
}

