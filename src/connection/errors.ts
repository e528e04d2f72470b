/**
 * Failures of a command on a reachable host. Unreachable hosts are
 * UnreachableError (src/errors.ts) with a reason.
 */
import { ExitCode, KollaRunError } from '../errors.js';

export type BecomeFailure = 'password-required' | 'incorrect-password' | 'not-allowed' | 'sudo-missing' | 'other';

/** sudo refused to run the command: the host failed (not unreachable). */
export class BecomeError extends KollaRunError {
  readonly host: string;
  readonly failure: BecomeFailure;
  constructor(host: string, failure: BecomeFailure, message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.hostFailed, options);
    this.host = host;
    this.failure = failure;
  }
}

export type RemoteCommandFailure = 'timeout' | 'transfer';

/** A command ran too long, or a file could not be put or got. */
export class RemoteCommandError extends KollaRunError {
  readonly host: string;
  readonly failure: RemoteCommandFailure;
  /** The command as printable (secrets masked). */
  readonly command: string;
  readonly rc?: number;
  readonly stderr?: string;
  constructor(
    host: string,
    failure: RemoteCommandFailure,
    message: string,
    details: { command: string; rc?: number; stderr?: string },
    options?: { cause?: unknown },
  ) {
    super(message, ExitCode.hostFailed, options);
    this.host = host;
    this.failure = failure;
    this.command = details.command;
    if (details.rc !== undefined) this.rc = details.rc;
    if (details.stderr !== undefined) this.stderr = details.stderr;
  }
}
