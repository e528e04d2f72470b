/**
 * One long-lived shell on a connection, for commands whose whole input is
 * known when they start. sshd pays a fork, a setuid and the login shell's
 * start-up for every exec channel, which costs more than most commands a
 * module runs (on loopback, under load: 39 ms per exec against 2.6 ms per
 * command in an open shell). Each command runs in a subshell of the session,
 * so its cd, variables, traps and exit stay its own; its input is /dev/null
 * or a here-document; an end marker drawn for the command, on stdout with
 * the exit code and on stderr alone, says where its output ends.
 */
import { randomBytes } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import type { RawProcess } from './types.js';

/** Marks every process a command starts, in its environment (see reapScript). */
export const JOB_VAR = 'KOLLA_RUN_JOB';

/** KOLLA_RUN_SHELL_SESSION=off: every command in a shell of its own, as before sessions. */
export function sessionsEnabled(): boolean {
  return process.env['KOLLA_RUN_SHELL_SESSION'] !== 'off';
}

/**
 * Ends every process of a job, found by the job's mark in their environment:
 * TERM first (sudo passes it on to its command, whose environment sudo reset), then KILL.
 */
export function reapScript(job: string): string {
  return `p=$(grep -lxzF '${JOB_VAR}=${job}' /proc/[0-9]*/environ 2>/dev/null | sed 's#^/proc/##; s#/environ$##'); [ -z "$p" ] || { kill -TERM $p; sleep 0.3; kill -KILL $p; } 2>/dev/null; true`;
}

/** The long-lived shell a session writes its scripts to: over an ssh channel, or this machine's /bin/sh. */
export interface SessionShell {
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
  write(script: Buffer): void;
  /** Called once, when the shell has gone. */
  onClose(listener: () => void): void;
  close(): void;
}

/** Above this, the input goes over its own exec channel: the session's shell reads its script a byte at a time. */
export const MAX_INLINE_INPUT = 16 * 1024;

type Ending = { rc?: number; signal?: string };

/** The shell text that runs `shellText` in a subshell of the session, with `stdin` as its input. */
export function sessionScript(shellText: string, stdin: Buffer | undefined, job: string, jobVar: string, marker: string): Buffer {
  const body = `( ${jobVar}=${job}; export ${jobVar}; eval '${shellText.replaceAll("'", "'\\''")}' )`;
  const end = `\nprintf '%s:%d\\n' ${marker} "$?"; printf '%s\\n' ${marker} >&2\n`;
  if (stdin === undefined || stdin.length === 0) return Buffer.from(`${body} </dev/null${end}`);
  if (hereDocumentSafe(stdin, marker)) return Buffer.concat([Buffer.from(`${body} <<'${marker}'\n`), stdin, Buffer.from(`${marker}${end}`)]);
  return Buffer.from(`base64 -d <<'${marker}' | ${body}\n${stdin.toString('base64').replace(/.{1,76}/g, '$&\n')}${marker}${end}`);
}

/**
 * Text a quoted here-document carries unchanged, with no decoding process: it
 * ends with a newline (a here-document always does), holds no NUL (shells drop
 * it), and no line of it is the end marker.
 */
function hereDocumentSafe(input: Buffer, marker: string): boolean {
  return input[input.length - 1] === 0x0a && !input.includes(0) && !input.includes(`\n${marker}\n`) && !input.subarray(0, marker.length + 1).equals(Buffer.from(`${marker}\n`));
}

/**
 * Cuts a stream at an end marker: passes on what comes before it as it
 * arrives (keeping back only what could be the marker's start) and reports
 * what follows the marker up to the end of that line.
 */
export class MarkerCut {
  readonly #marker: Buffer;
  #pending = Buffer.alloc(0);
  #found = false;

  constructor(marker: string) {
    this.#marker = Buffer.from(marker);
  }

  /** Output before the marker, and the rest of the marker's line once it is complete. */
  push(chunk: Buffer): { output: Buffer; tail?: string } {
    if (this.#found) {
      this.#pending = Buffer.concat([this.#pending, chunk]);
      return this.#tail(Buffer.alloc(0));
    }
    const data = Buffer.concat([this.#pending, chunk]);
    const at = data.indexOf(this.#marker);
    if (at < 0) {
      const keep = Math.min(data.length, this.#marker.length - 1);
      this.#pending = data.subarray(data.length - keep);
      return { output: data.subarray(0, data.length - keep) };
    }
    this.#found = true;
    this.#pending = data.subarray(at + this.#marker.length);
    return this.#tail(data.subarray(0, at));
  }

  #tail(output: Buffer): { output: Buffer; tail?: string } {
    const eol = this.#pending.indexOf(0x0a);
    return eol < 0 ? { output } : { output, tail: this.#pending.subarray(0, eol).toString('latin1') };
  }
}

export class ShellSession {
  readonly #shell: SessionShell;
  readonly #release: () => void;
  #current: { onStdout: (b: Buffer) => void; onStderr: (b: Buffer) => void; lost: () => void } | undefined;
  #closed = false;
  /** A command of it was killed: the session closes once its processes are ended, and runs nothing more. */
  #closing = false;

  constructor(shell: SessionShell, release: () => void) {
    this.#shell = shell;
    this.#release = release;
    shell.stdout.on('data', (b: Buffer) => this.#current?.onStdout(b));
    shell.stderr.on('data', (b: Buffer) => this.#current?.onStderr(b));
    shell.onClose(() => {
      this.#closed = true;
      this.#release();
      this.#current?.lost();
    });
  }

  get idle(): boolean {
    return !this.#closed && !this.#closing && this.#current === undefined;
  }

  /** Starts a command; the session must be idle. `kill` closes the session (the caller ends the command's processes). */
  run(shellText: string, stdin: Buffer | undefined, job: string, jobVar: string, kill: () => Promise<void>): RawProcess {
    if (!this.idle) throw new Error('shell session is busy or closed');
    const marker = `KOLLA_RUN_END_${randomBytes(12).toString('hex')}`;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const outCut = new MarkerCut(marker);
    const errCut = new MarkerCut(marker);
    let rc: number | undefined;
    let errDone = false;
    let settle: (e: Ending) => void = () => {};
    const done = new Promise<Ending>((resolve) => (settle = resolve));
    const finish = (ending: Ending): void => {
      if (this.#current === undefined) return;
      this.#current = undefined;
      stdout.end();
      stderr.end();
      settle(ending);
    };
    const check = (): void => {
      if (rc !== undefined && errDone) finish({ rc });
    };
    this.#current = {
      onStdout: (chunk) => {
        if (rc !== undefined) return;
        const { output, tail } = outCut.push(chunk);
        if (output.length > 0) stdout.write(output);
        if (tail !== undefined) {
          rc = Number(tail.replace(/^:/, ''));
          check();
        }
      },
      onStderr: (chunk) => {
        if (errDone) return;
        const { output, tail } = errCut.push(chunk);
        if (output.length > 0) stderr.write(output);
        if (tail !== undefined) {
          errDone = true;
          check();
        }
      },
      lost: () => finish({}),
    };
    this.#shell.write(sessionScript(shellText, stdin, job, jobVar, marker));
    return {
      // The input went with the script: what the caller feeds here is dropped.
      stdin: new Writable({ write: (_chunk, _encoding, next) => next() }),
      stdout,
      stderr,
      done,
      kill: () => {
        // The command may still end by itself (a TERM lets its script go on) before the session is closed: the
        // session must not be handed to another command meanwhile, which its close would cut off.
        this.#closing = true;
        // As over an exec channel: the caller is not kept waiting past 3 s for a host that no longer answers.
        setTimeout(() => finish({}), 3000).unref();
        void kill().finally(() => this.close());
      },
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#shell.close();
  }
}
