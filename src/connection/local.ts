/**
 * ansible_connection=local: commands run on this machine through /bin/sh,
 * with the same interface (and the same become, put and get) as ssh. As over
 * ssh, a command whose whole input is known runs in an open shell session
 * (shell-session.ts): Node's spawn forks the whole controller, about 3 ms of
 * its CPU per command, where a subshell of an open /bin/sh costs the shell a
 * fraction of a millisecond.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { JOB_VAR, MAX_INLINE_INPUT, reapScript, sessionsEnabled, ShellSession } from './shell-session.js';
import type { KnownInput, RawProcess, Transport } from './types.js';

/** Sessions open at once: local hosts run their commands in parallel; past this, a command gets a shell of its own. */
const MAX_SESSIONS = 8;

interface LocalSession {
  session: ShellSession;
  child: ChildProcessWithoutNullStreams;
  /** The controller's environment when the shell started (see environmentKey). */
  env: string;
}

/**
 * A command sees the controller's environment as it is when the command
 * starts, as a spawned shell does: a session started before a change to
 * process.env is not used after it.
 */
function environmentKey(): string {
  return JSON.stringify(process.env);
}

export class LocalTransport implements Transport {
  #closed = false;
  readonly #sessions = new Set<LocalSession>();

  get closed(): boolean {
    return this.#closed;
  }

  openUnixSocket(socketPath: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  start(shellText: string, signal?: AbortSignal, input?: KnownInput): Promise<RawProcess> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (input !== undefined && (input.stdin?.length ?? 0) <= MAX_INLINE_INPUT && sessionsEnabled()) {
      const local = this.#idleSession();
      if (local !== undefined) return Promise.resolve(inSession(local, shellText, input.stdin));
    }
    return Promise.resolve(ownShell(shellText));
  }

  #idleSession(): LocalSession | undefined {
    const env = environmentKey();
    for (const local of this.#sessions) {
      if (!local.session.idle) continue;
      if (local.env === env) return local;
      local.session.close();
      this.#sessions.delete(local);
    }
    if (this.#sessions.size >= MAX_SESSIONS) return undefined;
    const child = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.on('error', () => {
      /* the close that follows ends the session */
    });
    child.stdin.on('error', () => {
      /* a shell gone: its close ends the session */
    });
    const session = new ShellSession(
      {
        stdout: child.stdout,
        stderr: child.stderr,
        write: (script) => child.stdin.write(script),
        onClose: (listener) => child.once('close', listener),
        // At the end of its input the shell exits, once its command (if any) has ended.
        close: () => child.stdin.end(),
      },
      () => this.#sessions.delete(local),
    );
    const local: LocalSession = { session, child, env };
    this.#sessions.add(local);
    return local;
  }

  /** Ends the open sessions; a later command opens a new one. */
  close(): Promise<void> {
    this.#closed = true;
    for (const { session } of this.#sessions) session.close();
    return Promise.resolve();
  }
}

/**
 * An idle session must not keep the controller running (a run that never
 * closes its pool still ends); a command in one must.
 */
function holdOpen(child: ChildProcessWithoutNullStreams, hold: boolean): void {
  // The pipes are sockets, though typed as plain streams.
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as Array<{ ref(): void; unref(): void }>) {
    if (hold) handle.ref();
    else handle.unref();
  }
}

function inSession(local: LocalSession, shellText: string, stdin: Buffer | undefined): RawProcess {
  const { session, child } = local;
  holdOpen(child, true);
  const job = randomBytes(8).toString('hex');
  const kill = async (): Promise<void> => {
    await reap(job);
    // A subshell running only builtins carries no mark: the session's whole group goes, as a command's own group did.
    killGroup(child);
  };
  const proc = session.run(shellText, stdin, job, JOB_VAR, kill);
  void proc.done.then(() => {
    // Another command may have taken the session already.
    if (session.idle) holdOpen(child, false);
  });
  return proc;
}

function reap(job: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', reapScript(job)], { stdio: 'ignore' });
    child.on('error', () => resolve());
    child.on('close', () => resolve());
  });
}

function killGroup(child: ChildProcessWithoutNullStreams): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** A command in a shell of its own, in its own process group, so a timeout or abort ends the whole command. */
function ownShell(shellText: string): RawProcess {
  const child = spawn('/bin/sh', ['-c', shellText], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const done = new Promise<{ rc?: number; signal?: string }>((resolve) => {
    child.on('error', () => resolve({ rc: 127 }));
    child.on('close', (code, sig) => resolve(code !== null ? { rc: code } : { signal: sig ?? 'KILL' }));
  });
  return { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, done, kill: () => killGroup(child) };
}
