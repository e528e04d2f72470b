/**
 * Argument parsing on node:util's parseArgs (no hand-written parser): one
 * spec per sub-command, its mistakes turned into UsageError (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { closest } from '../playbook/suggest.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<T extends OptionSpec> {
  values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
}

export function parseCommand<T extends OptionSpec>(argv: readonly string[], options: T): Parsed<T> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0] ?? cause.message : String(cause);
    const unknown = /^Unknown option '(-[^'=]+)/.exec(message)?.[1];
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, '') + (unknown ? optionSuggestion(unknown, options) : ''), { cause });
  }
}

/** `; did you mean "--forks"?` for a mistyped option, or nothing when no option is close. */
export function optionSuggestion(given: string, options: OptionSpec): string {
  const names = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  // A single-dash word (-limit) is most likely a long option with one dash lost.
  const near = closest(given, names) ?? (given.startsWith('--') ? undefined : closest(`-${given}`, names));
  return near ? `; did you mean "${near.word}"?` : '';
}

/** A whole number option, or a usage error naming it. */
export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} expects a whole number, got "${value}"`);
  return Number(value);
}
