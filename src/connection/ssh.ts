/**
 * An established SSH connection (ssh2): commands as exec channels, at most
 * `maxChannels` open at once, the rest queued; forwardOut for hosts behind
 * it. Connecting is in connect.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { UnreachableError } from '../errors.js';
import { ChannelLimiter } from './limiter.js';
import type { ConnectionSettings } from './settings.js';
import { JOB_VAR, MAX_INLINE_INPUT, reapScript, sessionsEnabled, ShellSession, type SessionShell } from './shell-session.js';
import type { KnownInput, RawProcess, Transport } from './types.js';


export interface ChannelStats {
  limit: number;
  active: number;
  queued: number;
  openRetries: number;
}

export class SshTransport implements Transport {
  readonly settings: ConnectionSettings;
  readonly #client: Client;
  readonly #limiter: ChannelLimiter;
  #closed = false;
  #openRetries = 0;
  readonly #closeListeners: Array<() => void> = [];
  #session: ShellSession | undefined;
  #sessionOpening = false;
  /** Once the server would not give the session a channel, commands keep to exec channels. */
  #sessionRefused = false;

  constructor(client: Client, settings: ConnectionSettings) {
    this.#client = client;
    this.settings = settings;
    this.#limiter = new ChannelLimiter(settings.maxChannels);
    client.on('close', () => {
      this.#closed = true;
      for (const l of this.#closeListeners.splice(0)) l();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Channels open now and waiting, and how often the server refused one (then retried), for tests and reporters. */
  get channels(): ChannelStats {
    return { limit: this.#limiter.limit, active: this.#limiter.active, queued: this.#limiter.queued, openRetries: this.#openRetries };
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  async start(shellText: string, signal?: AbortSignal, input?: KnownInput): Promise<RawProcess> {
    if (input !== undefined && (input.stdin?.length ?? 0) <= MAX_INLINE_INPUT && !signal?.aborted) {
      const session = await this.#idleSession();
      // Claimed in the same turn as checked: another command may have taken it while this one awaited.
      if (session?.idle) {
        const job = randomBytes(8).toString('hex');
        return session.run(shellText, input.stdin, job, JOB_VAR, () => this.#reap(job));
      }
    }
    for (;;) {
      // An idle session gives its channel back when exec channels are all taken.
      if (this.#limiter.active >= this.#limiter.limit && this.#session?.idle) this.#session.close();
      const release = await this.#limiter.acquire(signal);
      try {
        return await this.#exec(shellText, release);
      } catch (err) {
        const othersOpen = this.#limiter.active - 1;
        release();
        const reason = (err as { reason?: number }).reason;
        // The server allows fewer sessions than we thought (sshd's MaxSessions answers
        // "open failed"): remember, wait for a channel to close, try again.
        if (reason !== undefined && reason !== 3 && othersOpen > 0 && !this.#closed) {
          this.#openRetries++;
          this.#limiter.shrinkTo(othersOpen, 2000);
          continue;
        }
        throw this.#lost(err);
      }
    }
  }

  /**
   * The connection's shell session when it is free, opened on first use. It holds one
   * channel for as long as it lives, so it is only opened while another stays free for
   * exec channels (commands with a stream for input, sudo with a password, and
   * commands that come while the session is busy), and it is closed when one is waited for.
   */
  async #idleSession(): Promise<ShellSession | undefined> {
    if (this.#session?.idle) return this.#session;
    if (this.#session || this.#sessionOpening || this.#sessionRefused || this.#closed || !sessionsEnabled()) return undefined;
    if (this.#limiter.active + 1 >= this.#limiter.limit || this.#limiter.queued > 0) return undefined;
    this.#sessionOpening = true;
    const release = await this.#limiter.acquire();
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) => this.#client.exec('exec "${SHELL:-/bin/sh}"', (err, ch) => (err ? reject(err) : resolve(ch))));
      const session = new ShellSession(channelShell(channel), () => {
        release();
        if (this.#session === session) this.#session = undefined;
      });
      this.#session = session;
      return session.idle ? session : undefined;
    } catch {
      release();
      this.#sessionRefused = true;
      return undefined;
    } finally {
      this.#sessionOpening = false;
    }
  }

  /** Opens the exec channel; the process is built in ssh2's callback, before any later packet is handled. */
  #exec(shellText: string, release: () => void): Promise<RawProcess> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('connection closed'));
        return;
      }
      const job = randomBytes(8).toString('hex');
      this.#client.exec(`${JOB_VAR}=${job}; export ${JOB_VAR}; ${shellText}`, (err, channel) => (err ? reject(err) : resolve(this.#process(channel, release, job))));
    });
  }

  /**
   * Ends every process of a job on the host. sshd does not act on a closed channel
   * (a command without a terminal runs on) and may ignore signal requests, so a second
   * channel kills, by the job's mark in their environment, the processes it started.
   */
  #reap(job: string): Promise<void> {
    const script = reapScript(job);
    return new Promise((resolve) => {
      if (this.#closed) return resolve();
      try {
        this.#client.exec(script, (err, channel) => {
          if (err) return resolve();
          channel.on('close', () => resolve());
          channel.resume();
          channel.stderr.resume();
          channel.end();
        });
      } catch {
        resolve();
      }
    });
  }

  #process(channel: ClientChannel, release: () => void, job: string): RawProcess {
    let exit: { rc?: number; signal?: string } = {};
    channel.on('exit', (code: number | null, sig?: string) => {
      exit = code !== null && code !== undefined ? { rc: code } : { signal: sig ?? 'KILL' };
    });
    const ended = (s: NodeJS.ReadableStream): Promise<void> =>
      new Promise((resolve) => {
        s.once('end', resolve);
        s.once('close', resolve);
        s.once('error', () => resolve());
      });
    const closed = new Promise<void>((resolve) => channel.once('close', resolve));
    // The slot is freed only when the server has really closed the channel (its MaxSessions counts it until then).
    const finished = Promise.all([closed, ended(channel), ended(channel.stderr)]).then(() => {
      release();
      return exit;
    });
    let giveUp: (value: { rc?: number; signal?: string }) => void = () => {};
    const abandoned = new Promise<{ rc?: number; signal?: string }>((resolve) => (giveUp = resolve));
    return {
      stdin: channel,
      stdout: channel,
      stderr: channel.stderr,
      done: Promise.race([finished, abandoned]),
      kill: () => {
        sendSignal(channel, 'KILL');
        channel.close();
        // The caller waits until the job's processes are gone (or 3 s), so that the run, and
        // with it the connection, does not end before the kill has reached the host.
        const fallback = setTimeout(() => giveUp(exit), 3000);
        fallback.unref();
        void this.#reap(job).then(() => {
          clearTimeout(fallback);
          giveUp(exit);
        });
      },
    };
  }

  /** A TCP stream from the server to host:port (for hosts behind this one). */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('connection closed'));
        return;
      }
      this.#client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => (err ? reject(err) : resolve(ch)));
    });
  }

  /** A stream to a unix socket on the server (OpenSSH's direct-streamlocal). */
  openUnixSocket(socketPath: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('connection closed'));
        return;
      }
      this.#client.openssh_forwardOutStreamLocal(socketPath, (err, ch) => (err ? reject(new Error(`cannot open ${socketPath} on ${this.settings.name}: ${err.message}`)) : resolve(ch)));
    });
  }

  #lost(err: unknown): Error {
    const name = this.settings.name;
    if (this.#closed || /No response from server|Not connected/i.test(String((err as Error)?.message))) {
      return new UnreachableError(name, 'reset', `${name}: connection lost`, { cause: err });
    }
    return new UnreachableError(name, 'other', `${name}: cannot open a channel: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.onClose(resolve);
      this.#session?.close();
      this.#client.end();
    });
  }
}

/**
 * Sends a "signal" channel request. ssh2's channel.signal() is silent once our side sent EOF
 * (stdin closed), which is the usual state of a running command, so this goes to the protocol.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const ch = channel as unknown as {
    outgoing?: { id: number; state: string };
    _client?: { _protocol?: { signal(id: number, signal: string): void } };
  };
  try {
    if (ch.outgoing && (ch.outgoing.state === 'open' || ch.outgoing.state === 'eof')) ch._client?._protocol?.signal(ch.outgoing.id, name);
  } catch {
    /* the connection is going away */
  }
}

/** An exec channel running the login shell, as a session's shell. */
function channelShell(channel: ClientChannel): SessionShell {
  channel.on('error', () => {
    /* the close that follows says it */
  });
  return {
    stdout: channel,
    stderr: channel.stderr,
    write: (script) => channel.write(script),
    onClose: (listener) => channel.once('close', listener),
    close: () => {
      channel.end();
      channel.close();
    },
  };
}
