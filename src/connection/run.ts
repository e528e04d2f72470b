/**
 * Runs one prepared command over a transport: feeds stdin, answers sudo's
 * password prompt, strips the become markers, collects (and streams) the
 * output, enforces the timeout and the abort signal.
 */
import { constants as osConstants } from 'node:os';
import { Readable } from 'node:stream';
import { UnreachableError } from '../errors.js';
import { maskSecrets } from './command.js';
import type { PreparedCommand } from './become.js';
import { BecomeError, RemoteCommandError, type BecomeFailure } from './errors.js';
import type { ExecOptions, ExecResult, KnownInput, RawProcess, Transport } from './types.js';

function signalNumber(name: string): number | undefined {
  const n = (osConstants.signals as Record<string, number | undefined>)[name.startsWith('SIG') ? name : `SIG${name}`];
  return n;
}

function feed(proc: RawProcess, stdin: ExecOptions['stdin']): void {
  proc.stdin.on('error', () => {
    /* the command exited without reading all of its input: not our failure */
  });
  if (stdin === undefined) proc.stdin.end();
  else if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) proc.stdin.end(stdin);
  else if (stdin instanceof Readable) stdin.pipe(proc.stdin);
}

/** The whole input, when it is known before the command starts: not a stream, and no sudo password to answer a prompt with. */
function knownInput(stdin: ExecOptions['stdin'], password: string | undefined): KnownInput | undefined {
  if (password !== undefined) return undefined;
  if (stdin === undefined) return {};
  if (typeof stdin === 'string') return { stdin: Buffer.from(stdin) };
  if (Buffer.isBuffer(stdin)) return { stdin };
  return undefined;
}

/** What sudo said, in words a user acts on. */
export function classifySudoFailure(stderr: string, exe: string): { failure: BecomeFailure; message: string } {
  if (/incorrect password|Sorry, try again|no password was provided/i.test(stderr)) {
    return { failure: 'incorrect-password', message: 'sudo refused: incorrect become password' };
  }
  if (/a (terminal|password) is required|a password is required/i.test(stderr)) {
    return { failure: 'password-required', message: 'sudo refused: a password is required (set ansible_become_password or use --ask-become-pass)' };
  }
  if (/not in the sudoers|not allowed to (execute|run)|may not run sudo/i.test(stderr)) {
    return { failure: 'not-allowed', message: `sudo refused: ${stderr.trim().split('\n')[0] ?? ''}` };
  }
  if (/(sudo|sh): .*(not found|No such file)/i.test(stderr) || new RegExp(`${exe}: (command )?not found`).test(stderr)) {
    return { failure: 'sudo-missing', message: `sudo refused: ${exe} is not installed on the host` };
  }
  const first = stderr.trim().split('\n')[0] ?? '';
  return { failure: 'other', message: `sudo refused: ${first === '' ? 'it exited without running the command' : first}` };
}

export async function runPrepared(
  transport: Transport,
  host: string,
  prepared: PreparedCommand,
  options: ExecOptions,
): Promise<ExecResult<Buffer>> {
  const display = prepared.command.toDisplay();
  const secrets = prepared.command.secrets;
  const become = prepared.become;
  const passwordText = become?.password?.reveal();
  const allSecrets = passwordText ? [...secrets, passwordText] : secrets;

  const proc = await transport.start(prepared.command.toShell(), options.signal, knownInput(options.stdin, passwordText));

  let timedOut = false;
  let aborted = false;
  const timer =
    options.timeoutMs !== undefined && options.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          proc.kill();
        }, options.timeoutMs)
      : undefined;
  const onAbort = (): void => {
    aborted = true;
    proc.kill();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let passed = become === undefined; // sudo let the command through
  let pendingOut = Buffer.alloc(0);
  let pendingErr = '';
  let promptsSeen = 0;
  let stdinFed = false;

  const feedOnce = (): void => {
    if (stdinFed) return;
    stdinFed = true;
    feed(proc, options.stdin);
  };
  // Without a password sudo never reads stdin: feed it now, saving a round trip.
  if (become === undefined || passwordText === undefined) feedOnce();

  const pass = (): void => {
    passed = true;
    if (pendingErr !== '') {
      const chunk = Buffer.from(pendingErr);
      err.push(chunk);
      options.onStderr?.(chunk);
      pendingErr = '';
    }
    feedOnce();
  };

  proc.stdout.on('data', (chunk: Buffer) => {
    if (passed) {
      out.push(chunk);
      options.onStdout?.(chunk);
      return;
    }
    pendingOut = Buffer.concat([pendingOut, chunk]);
    const marker = `${become?.success}\n`;
    if (pendingOut.length < marker.length) return;
    if (pendingOut.subarray(0, marker.length).toString('latin1') === marker) {
      const rest = pendingOut.subarray(marker.length);
      pendingOut = Buffer.alloc(0);
      pass();
      if (rest.length > 0) {
        out.push(rest);
        options.onStdout?.(rest);
      }
    } else {
      // Not ours (should not happen): hand the output over untouched.
      const all = pendingOut;
      pendingOut = Buffer.alloc(0);
      pass();
      out.push(all);
      options.onStdout?.(all);
    }
  });

  proc.stderr.on('data', (chunk: Buffer) => {
    if (passed || become === undefined) {
      err.push(chunk);
      options.onStderr?.(chunk);
      return;
    }
    pendingErr += chunk.toString('utf8');
    let i: number;
    while ((i = pendingErr.indexOf(become.prompt)) >= 0) {
      pendingErr = pendingErr.slice(0, i) + pendingErr.slice(i + become.prompt.length);
      promptsSeen++;
      if (promptsSeen === 1 && passwordText !== undefined) proc.stdin.write(`${passwordText}\n`);
      else proc.stdin.end(); // asked again: the password was wrong; let sudo fail
    }
  });

  let ended: { rc?: number; signal?: string };
  try {
    ended = await proc.done;
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }

  if (aborted) throw options.signal?.reason ?? new Error('aborted');
  if (timedOut) {
    throw new RemoteCommandError(host, 'timeout', `${host}: command timed out after ${options.timeoutMs} ms: ${display}`, {
      command: display,
    });
  }
  if (ended.rc === undefined && ended.signal === undefined) {
    throw new UnreachableError(host, 'reset', `${host}: connection lost while running: ${display}`);
  }
  if (!passed) {
    const stderr = maskSecrets(pendingErr, allSecrets);
    const { failure, message } = classifySudoFailure(stderr, 'sudo');
    throw new BecomeError(host, failure, `${host}: ${message}`);
  }
  const rc = ended.rc ?? (ended.signal ? 128 + (signalNumber(ended.signal) ?? 127) : 255);
  return {
    rc,
    stdout: Buffer.concat(out),
    stderr: Buffer.concat(err),
    ...(ended.signal !== undefined ? { signal: ended.signal } : {}),
    command: display,
  };
}
