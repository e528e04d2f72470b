/**
 * Argument parsing on node:util's parseArgs (no hand-written parser): one
 * spec per sub-command, its mistakes turned into UsageError (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

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
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''), { cause });
  }
}

/** A whole number option, or a usage error naming it. */
export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} expects a whole number, got "${value}"`);
  return Number(value);
}
