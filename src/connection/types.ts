/**
 * The contract every way of reaching a host fulfils (ssh, local): run a
 * command, put a file, get a file, close.
 */
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Command, Secret } from './command.js';
import type { BecomeSettings, ConnectionSettings } from './settings.js';

export interface ExecOptions {
  /** Fed to the command's standard input, then closed. */
  stdin?: string | Buffer | Readable;
  /** Exported for the command (inside become, so sudo does not drop them). */
  env?: Record<string, string | Secret>;
  /** Kill the command after this long (counted from when it starts, not while it queues). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * true: become with the host's become settings; false: never; an object:
   * become with these settings. Default: the host's setting (ansible_become).
   */
  become?: boolean | BecomeSettings;
  /** Output as text (default) or as Buffers. */
  encoding?: 'utf8' | 'buffer';
  /** Streaming: called with each chunk as it arrives (in addition to the collected result). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface ExecResult<T extends string | Buffer = string> {
  rc: number;
  stdout: T;
  stderr: T;
  /** The signal that ended the command, if one did (rc is then 128 + its number when known, else 255). */
  signal?: string;
  /** The command as it may be printed (secrets masked). */
  command: string;
}

export interface PutOptions {
  /** Octal (0o644 or '0644') or symbolic ('u=rw,go=r'); without it a replaced file keeps its mode. */
  mode?: number | string;
  owner?: string;
  group?: string;
  become?: boolean | BecomeSettings;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface GetOptions {
  become?: boolean | BecomeSettings;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Connection {
  readonly settings: ConnectionSettings;
  exec(command: string | Command, options: ExecOptions & { encoding: 'buffer' }): Promise<ExecResult<Buffer>>;
  exec(command: string | Command, options?: ExecOptions): Promise<ExecResult<string>>;
  /** Atomically replaces remotePath with content (temp file in the same folder, then mv). */
  put(content: Buffer | string | Readable, remotePath: string, options?: PutOptions): Promise<void>;
  get(remotePath: string, options?: GetOptions): Promise<Buffer>;
  /**
   * A stream to a unix socket on the host (the container engine's API),
   * over the already-open connection: no process is started for it.
   * It opens as the login user, whatever the become settings.
   */
  openUnixSocket(socketPath: string): Promise<Duplex>;
  close(): Promise<void>;
}

/** A started command at the transport level: raw streams and its end. */
export interface RawProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves when the command has ended and its output is read. rc undefined: the transport went away. */
  readonly done: Promise<{ rc?: number; signal?: string }>;
  /** Ends the command now (signal, then close). */
  kill(): void;
}

/** A command's whole input, known before it starts (none: undefined). */
export interface KnownInput {
  stdin?: Buffer;
}

/** What a connection runs commands over: an ssh connection, or this machine. */
export interface Transport {
  /**
   * Starts a shell command (waiting for a free channel if needed). With `input`, the
   * command's whole input is known: the transport may feed it itself (what is then
   * written to the process's stdin is dropped) and run it in an open shell.
   */
  start(shellText: string, signal?: AbortSignal, input?: KnownInput): Promise<RawProcess>;
  openUnixSocket(socketPath: string): Promise<Duplex>;
  readonly closed: boolean;
  close(): Promise<void>;
}
