/**
 * What the builder asks of the local Docker engine: build one image from
 * its rendered Dockerfile (sent on stdin, the image's directory as context),
 * push it, read its size. Through src/testbed/docker-cli.ts, like every
 * other use of the controller's own engine.
 *
 * The classic builder is used on purpose (DOCKER_BUILDKIT=0): it finds the
 * parent images in the local image store without a registry, and its
 * output says step by step whether the cache was used.
 */
import { dockerRaw, lastLine } from '../testbed/docker-cli.js';

export interface EngineBuildResult {
  ok: boolean;
  /** Instructions after FROM. */
  steps: number;
  /** Of those, how many came from the build cache. */
  cachedSteps: number;
  /** The failing step and the engine's last words, when not ok. */
  error?: string | undefined;
  output: string;
}

export interface EngineBuildOptions {
  noCache?: boolean | undefined;
  labels?: Record<string, string> | undefined;
  onOutput?: ((chunk: string) => void) | undefined;
}

export async function engineBuild(ref: string, dockerfile: string, contextDir: string, options: EngineBuildOptions = {}): Promise<EngineBuildResult> {
  const args = ['build', '--file', '-', '--tag', ref, '--rm', '--force-rm'];
  if (options.noCache) args.push('--no-cache');
  for (const [key, value] of Object.entries(options.labels ?? {})) args.push('--label', `${key}=${value}`);
  args.push(contextDir);
  const result = await dockerRaw(args, {
    input: dockerfile,
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
    onOutput: options.onOutput,
  });
  const output = result.stdout + result.stderr;
  const counts = countSteps(output);
  if (result.code === 0) return { ok: true, ...counts, output };
  return { ok: false, ...counts, error: buildFailure(output) || `docker build exited with code ${result.code}`, output };
}

/** Steps and cache hits from the classic builder's output. */
export function countSteps(output: string): { steps: number; cachedSteps: number } {
  const stepLines = output.split('\n').filter((l) => /^Step \d+\/\d+ : /.test(l));
  const fromSteps = stepLines.filter((l) => /^Step \d+\/\d+ : FROM /i.test(l)).length;
  const cachedSteps = output.split('\n').filter((l) => /^ ---> Using cache$/.test(l.trimEnd())).length;
  return { steps: stepLines.length - fromSteps, cachedSteps };
}

/** The step that failed and the engine's message, in one or two lines. */
export function buildFailure(output: string): string {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const steps = lines.filter((l) => /^Step \d+\/\d+ : /.test(l));
  const lastStep = steps[steps.length - 1];
  const reason = lastLine(output);
  if (!lastStep) return reason;
  const step = lastStep.length > 160 ? `${lastStep.slice(0, 157)}...` : lastStep;
  return `${step}\n${reason}`;
}

export async function enginePush(ref: string): Promise<string | undefined> {
  const result = await dockerRaw(['push', ref]);
  return result.code === 0 ? undefined : lastLine(result.stderr || result.stdout) || `docker push exited with code ${result.code}`;
}

/** Size in bytes and id of a local image, or undefined. */
export async function imageInfo(ref: string): Promise<{ id: string; size: number } | undefined> {
  const result = await dockerRaw(['image', 'inspect', '--format', '{{.Id}} {{.Size}}', ref]);
  if (result.code !== 0) return undefined;
  const [id = '', size = '0'] = result.stdout.trim().split(' ');
  return { id, size: Number(size) };
}
