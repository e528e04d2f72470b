/**
 * The run's connections: one per host identity (user, address, port, keys,
 * jump chain), opened on first use, the opening shared by concurrent callers,
 * reused for every command, opened again after it was lost. Bastions are
 * pooled the same way, so many hosts behind one bastion share its connection.
 */
import { KeyStore } from './auth.js';
import { HostConnection, type RoundTripKind } from './connection.js';
import { ChannelLimiter } from './limiter.js';
import { KnownHostsStore } from './known-hosts.js';
import { LocalTransport } from './local.js';
import { connectionKey, type ConnectionSettings } from './settings.js';
import { connectSsh } from './connect.js';
import type { ChannelStats, SshTransport } from './ssh.js';
import type { Connection, Transport } from './types.js';

interface Entry {
  readonly promise: Promise<SshTransport>;
  transport?: SshTransport;
  readonly depth: number;
}

/** A connection being opened, then opened or not: what -vvv and -vvvv show. */
export type ConnectEvent =
  | { phase: 'start'; settings: ConnectionSettings }
  | { phase: 'open'; settings: ConnectionSettings; ms: number }
  | { phase: 'failed'; settings: ConnectionSettings; ms: number; error: unknown };

/** Commands (exec, put, get: one channel each) and unix-socket streams a host was asked for, in this pool's life. */
export interface RoundTrips {
  execs: number;
  sockets: number;
}

export interface PoolOptions {
  knownHosts?: KnownHostsStore;
  keys?: KeyStore;
  /** Handshakes in progress at once (default MAX_HANDSHAKES). */
  maxHandshakes?: number;
  /** Told of each SSH connection (bastions too) as its handshake starts and ends. */
  onConnect?: (event: ConnectEvent) => void;
}

/**
 * SSH handshakes in progress at once. Each costs both ends some CPU; when
 * hundreds start together they all progress slowly and can all miss the
 * connect timeout at once. Waiting for a slot does not count against a
 * host's timeout: its clock starts with its handshake.
 */
export const MAX_HANDSHAKES = 100;

function depth(s: ConnectionSettings): number {
  return s.jump ? 1 + depth(s.jump) : 0;
}

export class ConnectionPool {
  readonly #entries = new Map<string, Entry>();
  readonly #local = new LocalTransport();
  readonly #knownHosts: KnownHostsStore;
  readonly #keys: KeyStore;
  readonly #handshakes: ChannelLimiter;
  readonly #onConnect: ((event: ConnectEvent) => void) | undefined;
  readonly #roundTrips = new Map<string, RoundTrips>();
  #opened = 0;

  constructor(options: PoolOptions = {}) {
    this.#knownHosts = options.knownHosts ?? new KnownHostsStore();
    this.#keys = options.keys ?? new KeyStore();
    this.#handshakes = new ChannelLimiter(options.maxHandshakes ?? MAX_HANDSHAKES);
    this.#onConnect = options.onConnect;
  }

  /** Handshakes in progress and waiting for a slot. */
  get handshakes(): { limit: number; active: number; queued: number } {
    return { limit: this.#handshakes.limit, active: this.#handshakes.active, queued: this.#handshakes.queued };
  }

  /** The host's connection; nothing is opened until its first command. */
  get(settings: ConnectionSettings): Connection {
    return new HostConnection(
      settings,
      () => this.#transport(settings),
      () => this.#closeOne(settings),
      (kind) => this.#countRoundTrip(settings.name, kind),
    );
  }

  #countRoundTrip(host: string, kind: RoundTripKind): void {
    let counts = this.#roundTrips.get(host);
    if (!counts) this.#roundTrips.set(host, (counts = { execs: 0, sockets: 0 }));
    if (kind === 'exec') counts.execs++;
    else counts.sockets++;
  }

  /** Per inventory host: the commands and socket streams asked of it so far (what a run costs in round trips). */
  roundTrips(): ReadonlyMap<string, Readonly<RoundTrips>> {
    return this.#roundTrips;
  }

  /** Opens the host's connection now (to connect many hosts in parallel, or to check reachability). */
  async connect(settings: ConnectionSettings): Promise<Connection> {
    await this.#transport(settings);
    return this.get(settings);
  }

  /** How many TCP connections this pool has opened in all (bastions included). */
  get opened(): number {
    return this.#opened;
  }

  /** Connections open now. */
  get size(): number {
    let n = 0;
    for (const e of this.#entries.values()) if (e.transport && !e.transport.closed) n++;
    return n;
  }

  /** Channel use of a host's connection, when it is open. */
  channels(settings: ConnectionSettings): ChannelStats | undefined {
    return this.#entries.get(connectionKey(settings))?.transport?.channels;
  }

  #transport(settings: ConnectionSettings): Promise<Transport> {
    if (settings.transport === 'local') return Promise.resolve(this.#local);
    return this.#ssh(settings);
  }

  #ssh(settings: ConnectionSettings): Promise<SshTransport> {
    const key = connectionKey(settings);
    const existing = this.#entries.get(key);
    if (existing && !(existing.transport?.closed ?? false)) return existing.promise;
    const promise = this.#handshake(settings);
    const entry: Entry = { promise, depth: depth(settings) };
    this.#entries.set(key, entry);
    promise.then(
      (transport) => {
        this.#opened++;
        entry.transport = transport;
        transport.onClose(() => {
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
        });
      },
      () => {
        // Failures are not cached: the next command tries again.
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return promise;
  }

  async #handshake(settings: ConnectionSettings): Promise<SshTransport> {
    // The bastion first, outside this host's slot: hosts waiting for their bastion must not hold every slot.
    // Its failure is reported by connectSsh, which asks for the same (settled) attempt.
    const jump = settings.jump;
    const bastion = jump ? this.#ssh(jump) : undefined;
    await bastion?.catch(() => undefined);
    const release = await this.#handshakes.acquire();
    const started = Date.now();
    this.#onConnect?.({ phase: 'start', settings });
    try {
      const transport = await connectSsh(settings, { knownHosts: this.#knownHosts, keys: this.#keys, bastion: (s) => (s === jump && bastion ? bastion : this.#ssh(s)) });
      this.#onConnect?.({ phase: 'open', settings, ms: Date.now() - started });
      return transport;
    } catch (error) {
      this.#onConnect?.({ phase: 'failed', settings, ms: Date.now() - started, error });
      throw error;
    } finally {
      release();
    }
  }

  async #closeOne(settings: ConnectionSettings): Promise<void> {
    if (settings.transport === 'local') return;
    const entry = this.#entries.get(connectionKey(settings));
    if (!entry) return;
    const transport = await entry.promise.catch(() => undefined);
    await transport?.close();
  }

  /**
   * Closes every connection, hosts behind bastions before the bastions. With `wait: false` each
   * is only told to close (the SSH disconnect, then the end of the stream): at the end of a run
   * nothing needs the servers' answers, and the CLI exits without waiting for them (cli/entry.ts).
   */
  async closeAll(options: { wait?: boolean } = {}): Promise<void> {
    const wait = options.wait ?? true;
    const entries = [...this.#entries.values()].sort((a, b) => b.depth - a.depth);
    const byDepth = new Map<number, Entry[]>();
    for (const e of entries) byDepth.set(e.depth, [...(byDepth.get(e.depth) ?? []), e]);
    for (const group of byDepth.values()) {
      await Promise.all(
        group.map(async (e) => {
          const t = await e.promise.catch(() => undefined);
          const closed = t?.close();
          if (wait) await closed;
        }),
      );
    }
    this.#entries.clear();
    await this.#local.close();
  }
}
