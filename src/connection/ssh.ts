/**
 * SSH through ssh2: one TCP connection per host, commands as exec channels
 * (at most `maxChannels` open at once, the rest queued), jump hosts through
 * forwardOut on the bastion's pooled connection, host keys checked against
 * known_hosts, every failure to connect classified as an UnreachableError.
 */
import { spawn } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { Client, type ClientChannel } from 'ssh2';
import { UnreachableError, type UnreachableReason } from '../errors.js';
import { describeAuthFailure, planAuth, type AuthPlan, type KeyStore } from './auth.js';
import { fingerprint, hostKeyAlgorithmsFor, keyBlobType, KnownHostsStore } from './known-hosts.js';
import { ChannelLimiter } from './limiter.js';
import type { ConnectionSettings } from './settings.js';
import type { RawProcess, Transport } from './types.js';

/** ssh2's host key algorithms, in its default order. */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export interface SshDeps {
  readonly knownHosts: KnownHostsStore;
  readonly keys: KeyStore;
  /** The (pooled) connection to a bastion. */
  readonly bastion: (settings: ConnectionSettings) => Promise<SshTransport>;
}

export class SshTransport implements Transport {
  readonly settings: ConnectionSettings;
  readonly #client: Client;
  readonly #limiter: ChannelLimiter;
  #closed = false;
  readonly #closeListeners: Array<() => void> = [];

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

  /** Channels open now and waiting, for tests and reporters. */
  get channels(): { limit: number; active: number; queued: number } {
    return { limit: this.#limiter.limit, active: this.#limiter.active, queued: this.#limiter.queued };
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  async start(shellText: string, signal?: AbortSignal): Promise<RawProcess> {
    for (;;) {
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
          this.#limiter.shrinkTo(othersOpen);
          continue;
        }
        throw this.#lost(err);
      }
    }
  }

  /** Opens the exec channel; the process is built in ssh2's callback, before any later packet is handled. */
  #exec(shellText: string, release: () => void): Promise<RawProcess> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('connection closed'));
        return;
      }
      this.#client.exec(shellText, (err, channel) => (err ? reject(err) : resolve(this.#process(channel, release))));
    });
  }

  #process(channel: ClientChannel, release: () => void): RawProcess {
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
        // sshd signals only the login shell: a child that keeps the output open keeps the
        // channel open. The caller does not wait for it longer than this.
        setTimeout(() => giveUp(exit), 500).unref();
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

function unreachable(settings: ConnectionSettings, reason: UnreachableReason, detail: string, cause?: unknown): UnreachableError {
  return new UnreachableError(settings.name, reason, `${settings.name}: ${detail}`, cause === undefined ? undefined : { cause });
}

function socketError(settings: ConnectionSettings, err: NodeJS.ErrnoException): UnreachableError {
  const where = `${settings.host}:${settings.port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return unreachable(settings, 'refused', `connection refused by ${where} (is sshd running?)`, err);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return unreachable(settings, 'dns', `cannot resolve host name "${settings.host}"`, err);
    case 'ETIMEDOUT':
      return unreachable(settings, 'timeout', `timed out connecting to ${where}`, err);
    case 'ECONNRESET':
    case 'EPIPE':
      return unreachable(settings, 'reset', `connection reset by ${where}`, err);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable(settings, 'other', `no route to ${where}`, err);
    default:
      return unreachable(settings, 'other', `cannot connect to ${where}: ${err.message}`, err);
  }
}

function directSocket(settings: ConnectionSettings, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host: settings.host, port: settings.port });
    sock.setNoDelay(true);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(unreachable(settings, 'timeout', `timed out connecting to ${settings.host}:${settings.port} after ${settings.timeoutMs} ms`));
    }, Math.max(1, deadline - Date.now()));
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      sock.destroy();
      reject(socketError(settings, err));
    });
  });
}

function proxyCommandSocket(settings: ConnectionSettings, command: string): Duplex {
  const text = command.replace(/%(%|h|p|r|n)/g, (_, t: string) =>
    t === '%' ? '%' : t === 'h' ? settings.host : t === 'p' ? String(settings.port) : t === 'r' ? settings.user : settings.name,
  );
  const child = spawn('/bin/sh', ['-c', text], { stdio: ['pipe', 'pipe', 'inherit'] });
  const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
  duplex.on('close', () => child.kill());
  child.on('error', (err) => duplex.destroy(err));
  return duplex;
}

async function jumpSocket(settings: ConnectionSettings, jump: ConnectionSettings, deps: SshDeps): Promise<ClientChannel> {
  let bastion: SshTransport;
  try {
    bastion = await deps.bastion(jump);
  } catch (err) {
    if (err instanceof UnreachableError) {
      const detail = err.message.startsWith(`${jump.name}: `) ? err.message.slice(jump.name.length + 2) : err.message;
      throw unreachable(settings, err.reason, `via jump host ${jump.name}: ${detail}`, err);
    }
    throw err;
  }
  try {
    return await bastion.forwardOut(settings.host, settings.port);
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    const reason: UnreachableReason = bastion.closed ? 'reset' : /refused|connect failed|open failed/i.test(msg) ? 'refused' : 'other';
    throw unreachable(settings, reason, `jump host ${jump.name} could not connect to ${settings.host}:${settings.port}: ${msg}`, err);
  }
}

/** Host key algorithms with the ones known_hosts holds for this host first, so the check is meaningful. */
export function hostKeyAlgorithmOrder(knownTypes: readonly string[]): string[] {
  const first = knownTypes.flatMap(hostKeyAlgorithmsFor).filter((a) => HOST_KEY_ALGORITHMS.includes(a));
  return [...new Set([...first, ...HOST_KEY_ALGORITHMS])];
}

function acceptHint(settings: ConnectionSettings, key: Buffer): string {
  const file = settings.knownHostsFiles[0] ?? '~/.ssh/known_hosts';
  const type = keyBlobType(key) ?? 'ssh-ed25519';
  const portOpt = settings.port === 22 ? '' : ` -p ${settings.port}`;
  return (
    `To accept it: check the fingerprint, then run with --host-key-checking accept-new ` +
    `(or set ansible_ssh_common_args='-o StrictHostKeyChecking=accept-new'), ` +
    `or record it yourself: ssh-keyscan${portOpt} -t ${type} ${settings.host} >> ${file}`
  );
}

async function connectOnce(settings: ConnectionSettings, deps: SshDeps): Promise<SshTransport> {
  const deadline = Date.now() + settings.timeoutMs;
  const knownFiles = [...settings.knownHostsFiles, ...settings.globalKnownHostsFiles];
  const checking = settings.hostKeyPolicy !== 'off';
  const [plan, knownTypes] = await Promise.all([
    planAuth(settings, deps.keys),
    checking ? deps.knownHosts.keyTypes(knownFiles, settings.host, settings.port) : Promise.resolve([]),
  ]);
  const sock: Duplex = settings.jump
    ? await jumpSocket(settings, settings.jump, deps)
    : settings.proxyCommand !== undefined
      ? proxyCommandSocket(settings, settings.proxyCommand)
      : await directSocket(settings, deadline);

  const client = new Client();
  let hostKeyFailure: UnreachableError | undefined;
  let socketFailure: NodeJS.ErrnoException | undefined;
  sock.on('error', (err: NodeJS.ErrnoException) => {
    socketFailure ??= err;
  });

  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
    if (!checking) {
      verify(true);
      return;
    }
    void (async () => {
      const result = await deps.knownHosts.check(knownFiles, settings.host, settings.port, key);
      const what = `${keyBlobType(key) ?? 'unknown'} key ${fingerprint(key)}`;
      const target = `${settings.host}:${settings.port}`;
      switch (result.status) {
        case 'known':
          return true;
        case 'revoked':
          hostKeyFailure = unreachable(settings, 'host-key-changed', `the host key of ${target} (${what}) is marked @revoked in ${result.entry.file}:${result.entry.line}`);
          return false;
        case 'changed': {
          const at = result.known.map((e) => `${e.file}:${e.line}`).join(', ');
          hostKeyFailure = unreachable(
            settings,
            'host-key-changed',
            `WARNING: the host key of ${target} has CHANGED (now ${what}; known_hosts has ${result.known.map((e) => e.keyType).join(', ')} at ${at}). ` +
              `Someone could be intercepting the connection, or the host was reinstalled. It is never accepted automatically: ` +
              `remove the old entry (ssh-keygen -R ${settings.port === 22 ? settings.host : `'[${settings.host}]:${settings.port}'`}${settings.knownHostsFiles[0] ? ` -f ${settings.knownHostsFiles[0]}` : ''}) after checking.`,
          );
          return false;
        }
        case 'unknown':
          if (settings.hostKeyPolicy === 'accept-new') {
            const file = settings.knownHostsFiles[0];
            if (file !== undefined) await deps.knownHosts.add(file, settings.host, settings.port, key);
            return true;
          }
          hostKeyFailure = unreachable(settings, 'host-key-unknown', `the host key of ${target} is not known (${what}). ${acceptHint(settings, key)}`);
          return false;
      }
    })().then(verify, (err: unknown) => {
      hostKeyFailure = unreachable(settings, 'other', `cannot check the host key: ${String(err)}`, err);
      verify(false);
    });
  };

  return new Promise<SshTransport>((resolve, reject) => {
    let settled = false;
    const fail = (err: UnreachableError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      sock.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(unreachable(settings, 'timeout', `timed out after ${settings.timeoutMs} ms waiting for the SSH handshake with ${settings.host}:${settings.port}`)),
      Math.max(1, deadline - Date.now()),
    );
    // ssh2 may emit several errors; one listener stays for the connection's whole life.
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (!settled) fail(classifyClientError(settings, err, plan, hostKeyFailure, socketFailure));
    });
    client.once('close', () => {
      if (!settled) fail(hostKeyFailure ?? (socketFailure ? socketError(settings, socketFailure) : unreachable(settings, 'reset', `connection closed by ${settings.host}:${settings.port} during the SSH handshake`)));
    });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(new SshTransport(client, settings));
    });
    client.connect({
      sock: sock as unknown as NodeJS.ReadableStream & Socket,
      username: settings.user,
      host: settings.host,
      port: settings.port,
      hostVerifier,
      algorithms: { serverHostKey: hostKeyAlgorithmOrder(knownTypes) as never },
      authHandler: plan.handler,
      readyTimeout: 0,
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: 3,
    });
  });
}

function classifyClientError(
  settings: ConnectionSettings,
  err: Error & { level?: string; code?: string },
  plan: AuthPlan,
  hostKeyFailure: UnreachableError | undefined,
  socketFailure: NodeJS.ErrnoException | undefined,
): UnreachableError {
  if (hostKeyFailure) return hostKeyFailure;
  if (err.level === 'client-authentication') return unreachable(settings, 'auth-failed', describeAuthFailure(settings, plan), err);
  if (err.level === 'client-timeout') return unreachable(settings, 'timeout', `${err.message} (${settings.host}:${settings.port})`, err);
  if (err.level === 'client-socket' || socketFailure) return socketError(settings, (socketFailure ?? err) as NodeJS.ErrnoException);
  if (/before handshake|ECONNRESET|closed by remote/i.test(err.message)) return unreachable(settings, 'reset', `connection reset by ${settings.host}:${settings.port} during the SSH handshake`, err);
  return unreachable(settings, 'other', `SSH handshake with ${settings.host}:${settings.port} failed: ${err.message}`, err);
}

/** Connects, trying once more when the server resets the connection during the handshake (MaxStartups). */
export async function connectSsh(settings: ConnectionSettings, deps: SshDeps): Promise<SshTransport> {
  try {
    return await connectOnce(settings, deps);
  } catch (err) {
    if (!(err instanceof UnreachableError) || err.reason !== 'reset') throw err;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    return connectOnce(settings, deps);
  }
}
