/**
 * The testbed drives the controller machine's own Docker engine through the
 * docker CLI: few calls, all local, and the CLI is what an operator would
 * type to inspect the same state. (Nodes' engines are reached over SSH by
 * src/containers, never through this file.)
 */
import { spawn } from 'node:child_process';
import { EnvironmentError } from '../errors.js';

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DockerOptions {
  input?: string | Buffer;
  /** Called with each chunk of output, for long builds. */
  onOutput?: (chunk: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Runs `docker ARGS`; never throws for a non-zero exit (see `docker`). */
export function dockerRaw(args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  return runProgram('docker', args, options);
}

export function runProgram(program: string, args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      options.onOutput?.(b.toString());
    });
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      options.onOutput?.(b.toString());
    });
    child.on('error', (cause) => {
      const code = (cause as NodeJS.ErrnoException).code;
      reject(new EnvironmentError(code === 'ENOENT' ? `${program} is not installed` : `cannot run ${program}: ${cause.message}`, { cause }));
    });
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** Runs `docker ARGS` and returns stdout, or fails with docker's own first error line. */
export async function docker(args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await dockerRaw(args, options);
  if (result.code !== 0) {
    const reason = lastLine(result.stderr) || `exit code ${result.code}`;
    throw new EnvironmentError(`docker ${args[0] ?? ''} failed: ${reason}`);
  }
  return result.stdout;
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1]?.trim() ?? '';
}

/** `docker inspect` of one object, or undefined when it does not exist. */
export async function inspect(kind: 'container' | 'image' | 'network' | 'volume', name: string): Promise<Record<string, unknown> | undefined> {
  const result = await dockerRaw([kind, 'inspect', name]);
  if (result.code !== 0) return undefined;
  const parsed: unknown = JSON.parse(result.stdout);
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  return parsed[0] as Record<string, unknown>;
}
