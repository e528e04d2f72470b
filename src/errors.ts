/**
 * The few error classes of kolla-run. Every error a user can cause carries
 * what they need to fix it (file, line, column, what was expected) and maps
 * to one documented exit code; anything else is a bug and exits 250.
 */

export const ExitCode = {
  ok: 0,
  error: 1,
  /** A host failed, or the command line was used wrongly (usage). */
  hostFailed: 2,
  usage: 2,
  /** Bad input: an inventory, playbook, role, template or var file is wrong. */
  badInput: 3,
  unreachable: 4,
  interrupted: 99,
  internal: 250,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A place in a source file; line and col are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number | undefined;
  col?: number | undefined;
}

export function formatLocation(loc: SourceLocation): string {
  if (loc.line === undefined) return loc.file;
  return loc.col === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.col}`;
}

export class KollaRunError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong: one line plus usage, exit 2. */
export class UsageError extends KollaRunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** A user's file is wrong. The message is one plain sentence; the location says where. */
export class InputError extends KollaRunError {
  readonly location: SourceLocation;
  readonly reason: string;
  constructor(reason: string, location: SourceLocation, options?: { cause?: unknown }) {
    super(`${formatLocation(location)}: ${reason}`, ExitCode.badInput, options);
    this.location = location;
    this.reason = reason;
  }
}

/** The environment cannot do what was asked (engine missing, tool absent...). */
export class EnvironmentError extends KollaRunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.error, options);
  }
}

/** Why a host could not be reached, in words a user acts on. */
export type UnreachableReason =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'reset'
  | 'other';

export class UnreachableError extends KollaRunError {
  readonly host: string;
  readonly reason: UnreachableReason;
  constructor(host: string, reason: UnreachableReason, message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.unreachable, options);
    this.host = host;
    this.reason = reason;
  }
}

/** Ctrl-C: stop starting work, report, exit 99. */
export class InterruptedError extends KollaRunError {
  constructor() {
    super('interrupted', ExitCode.interrupted);
  }
}

export function isKollaRunError(err: unknown): err is KollaRunError {
  return err instanceof KollaRunError;
}
