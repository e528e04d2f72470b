/**
 * What the hosts answered to read-only commands since the last change
 * anywhere: read-ahead fills it (several upcoming queries' reads in one
 * exec per host), the queries of read-only modules take their answers from
 * it, and any command that may change a host empties it. It is emptied for
 * every host at once, since two inventory names can be one machine (aliases,
 * loopback addresses, a delegated task): exactness first.
 */
import { connectionKey, execBatch, type BecomeSettings, type Command, type Connection, type ExecResult } from '../connection/index.js';

/** Read-ahead covers at most this many tasks at once per host. */
const MAX_WINDOW = 64;

interface Pending {
  connection: Connection;
  become: boolean | BecomeSettings | undefined;
  signal: AbortSignal | undefined;
  items: Array<{ command: Command; resolve: (r: ExecResult<Buffer>) => void; reject: (e: unknown) => void }>;
}

export class ReadCache {
  #epoch = 0;
  readonly #answers = new Map<string, Promise<ExecResult<Buffer>>>();
  /** Per host: the tasks whose reads were taken ahead in this epoch. */
  readonly #covered = new Map<string, Set<object>>();
  /** Per host: how many tasks to read ahead next (doubles while nothing changes, back to 1 on a change). */
  readonly #windows = new Map<string, number>();
  readonly #pending = new Map<string, Pending>();
  #flushScheduled = false;

  /** A command may have changed a host: every answer and every read-ahead is dropped. */
  invalidate(): void {
    this.#epoch++;
    this.#answers.clear();
    this.#covered.clear();
  }

  get epoch(): number {
    return this.#epoch;
  }

  /** The answer read ahead for this command, if there is one still valid. */
  answer(connection: Connection, become: boolean | BecomeSettings | undefined, command: Command): Promise<ExecResult<Buffer>> | undefined {
    return this.#answers.get(answerKey(connection, become, command));
  }

  /** Queues `command` for this host's next batch and keeps its answer (the same command asked twice runs once). */
  readAhead(connection: Connection, become: boolean | BecomeSettings | undefined, command: Command, signal?: AbortSignal): Promise<ExecResult<Buffer>> {
    const key = answerKey(connection, become, command);
    const known = this.#answers.get(key);
    if (known) return known;
    const batchKey = `${connectionKey(connection.settings)}\0${becomeKey(become)}`;
    let pending = this.#pending.get(batchKey);
    if (!pending) this.#pending.set(batchKey, (pending = { connection, become, signal, items: [] }));
    const queued = pending;
    const answer = new Promise<ExecResult<Buffer>>((resolve, reject) => queued.items.push({ command, resolve, reject }));
    // A failed read is not kept: the query that needs it runs it again and reports it.
    answer.catch(() => this.#answers.get(key) === answer && this.#answers.delete(key));
    this.#answers.set(key, answer);
    this.#scheduleFlush();
    return answer;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // After every query started alongside has asked its first question.
    setImmediate(() => {
      this.#flushScheduled = false;
      const batches = [...this.#pending.values()];
      this.#pending.clear();
      for (const batch of batches) void flush(batch);
    });
  }

  covers(host: string, task: object): boolean {
    return this.#covered.get(host)?.has(task) ?? false;
  }

  cover(host: string, tasks: readonly object[], epoch: number): void {
    // Reads taken before a change are not a read-ahead of the state after it.
    if (epoch !== this.#epoch) return;
    let set = this.#covered.get(host);
    if (!set) this.#covered.set(host, (set = new Set()));
    for (const task of tasks) set.add(task);
  }

  window(host: string): number {
    return this.#windows.get(host) ?? 1;
  }

  /** A task ended on `host`: a change makes a change next more likely, so read ahead less. */
  settle(host: string, changed: boolean): void {
    this.#windows.set(host, changed ? 1 : Math.min(MAX_WINDOW, this.window(host) * 2));
  }
}

async function flush(batch: Pending): Promise<void> {
  const { items } = batch;
  try {
    const commands = items.map((i) => i.command);
    const options = { ...(batch.become !== undefined ? { become: batch.become } : {}), ...(batch.signal ? { signal: batch.signal } : {}) };
    const results = commands.length === 1 ? [await batch.connection.exec(commands[0] as Command, { ...options, encoding: 'buffer' as const })] : await execBatch(batch.connection, commands, options);
    results.forEach((r, i) => items[i]?.resolve(r));
  } catch (err) {
    for (const item of items) item.reject(err);
  }
}

function becomeKey(become: boolean | BecomeSettings | undefined): string {
  if (typeof become !== 'object') return String(become);
  return JSON.stringify([become.user, become.exe ?? '', become.flags ?? '']);
}

function answerKey(connection: Connection, become: boolean | BecomeSettings | undefined, command: Command): string {
  return `${connectionKey(connection.settings)}\0${becomeKey(become)}\0${command.toShell()}`;
}
