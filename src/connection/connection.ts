/**
 * One host's Connection: exec/put/get on top of a transport (ssh or local),
 * with the host's become defaults. The transport is asked for on each call,
 * so a pooled connection that was lost is opened again on the next command.
 */
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import { toCommand, type Command, maskSecrets } from './command.js';
import { prepareCommand } from './become.js';
import { RemoteCommandError } from './errors.js';
import { runPrepared } from './run.js';
import type { BecomeSettings, ConnectionSettings } from './settings.js';
import { getCommand, putCommand } from './transfer.js';
import type { Connection, ExecOptions, ExecResult, GetOptions, PutOptions, Transport } from './types.js';

/** What a connection asks of its host: a command (exec, put, get) or a stream to a unix socket (the engine's API). */
export type RoundTripKind = 'exec' | 'socket';

export class HostConnection implements Connection {
  readonly settings: ConnectionSettings;
  readonly #transport: () => Promise<Transport>;
  readonly #close: () => Promise<void>;
  readonly #count: (kind: RoundTripKind) => void;

  constructor(settings: ConnectionSettings, transport: () => Promise<Transport>, close: () => Promise<void>, count: (kind: RoundTripKind) => void = () => {}) {
    this.settings = settings;
    this.#transport = transport;
    this.#close = close;
    this.#count = count;
  }

  #become(choice: boolean | BecomeSettings | undefined): BecomeSettings | undefined {
    if (choice === false) return undefined;
    if (typeof choice === 'object') return choice;
    const b = this.settings.become;
    if (choice === true || b.enabled) {
      return { user: b.user, ...(b.password ? { password: b.password } : {}), ...(b.exe ? { exe: b.exe } : {}), ...(b.flags ? { flags: b.flags } : {}) };
    }
    return undefined;
  }

  exec(command: string | Command, options: ExecOptions & { encoding: 'buffer' }): Promise<ExecResult<Buffer>>;
  exec(command: string | Command, options?: ExecOptions): Promise<ExecResult<string>>;
  async exec(command: string | Command, options: ExecOptions = {}): Promise<ExecResult<string> | ExecResult<Buffer>> {
    const result = await this.#run(command, options);
    if (options.encoding === 'buffer') return result;
    return { ...result, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
  }

  async #run(command: string | Command, options: ExecOptions): Promise<ExecResult<Buffer>> {
    const prepared = prepareCommand(toCommand(command), { env: options.env, become: this.#become(options.become) });
    const transport = await this.#transport();
    this.#count('exec');
    return runPrepared(transport, this.settings.name, prepared, options);
  }

  async put(content: Buffer | string | Readable, remotePath: string, options: PutOptions = {}): Promise<void> {
    const cmd = putCommand(remotePath, options);
    const result = await this.#run(cmd, {
      stdin: typeof content === 'string' ? Buffer.from(content) : content,
      ...(options.become !== undefined ? { become: options.become } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (result.rc !== 0) {
      const stderr = maskSecrets(result.stderr.toString('utf8').trim(), cmd.secrets);
      throw new RemoteCommandError(this.settings.name, 'transfer', `${this.settings.name}: cannot write ${remotePath}: ${stderr || `rc ${result.rc}`}`, {
        command: result.command,
        rc: result.rc,
        stderr,
      });
    }
  }

  async get(remotePath: string, options: GetOptions = {}): Promise<Buffer> {
    const result = await this.#run(getCommand(remotePath), {
      ...(options.become !== undefined ? { become: options.become } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (result.rc !== 0) {
      const stderr = result.stderr.toString('utf8').trim();
      throw new RemoteCommandError(this.settings.name, 'transfer', `${this.settings.name}: cannot read ${remotePath}: ${stderr || `rc ${result.rc}`}`, {
        command: result.command,
        rc: result.rc,
        stderr,
      });
    }
    return result.stdout;
  }

  async openUnixSocket(socketPath: string): Promise<Duplex> {
    const transport = await this.#transport();
    this.#count('socket');
    return transport.openUnixSocket(socketPath);
  }

  close(): Promise<void> {
    return this.#close();
  }
}
