/**
 * ansible_connection=local: commands run on this machine through /bin/sh,
 * with the same interface (and the same become, put and get) as ssh.
 */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { spawn } from 'node:child_process';
import type { RawProcess, Transport } from './types.js';

export class LocalTransport implements Transport {
  #closed = false;

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

  start(shellText: string, signal?: AbortSignal): Promise<RawProcess> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Own process group, so a timeout or abort ends the whole command, not just the shell.
    const child = spawn('/bin/sh', ['-c', shellText], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const done = new Promise<{ rc?: number; signal?: string }>((resolve) => {
      child.on('error', () => resolve({ rc: 127 }));
      child.on('close', (code, sig) => resolve(code !== null ? { rc: code } : { signal: sig ?? 'KILL' }));
    });
    const kill = (): void => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    return Promise.resolve({ stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, done, kill });
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
