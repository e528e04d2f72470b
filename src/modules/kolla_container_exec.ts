/**
 * kolla_container_exec: a command inside a running Kolla container, through
 * the host engine's exec API (roles never shell out to `docker exec`). Like
 * `command`, it cannot know without running: skipped in check mode unless
 * the task says check_mode: false; the result is changed unless the task's
 * changed_when says otherwise.
 */
import { z } from 'zod';
import { splitArgs } from '../connection/index.js';
import { ContainerEngine } from '../containers/engine.js';
import { defineModule } from './contract.js';
import { int } from './support/params.js';

export const kollaContainerExecParams = z
  .object({
    name: z.string().min(1),
    // A list runs as given; a string is split into words as a shell would, with no shell in between.
    // Split after the union: inside it, a string's own failure would be reported as the union's "Invalid input".
    command: z.union([z.array(z.string()).min(1), z.string()]).transform((given, ctx) => {
      if (Array.isArray(given)) return given;
      try {
        return splitArgs(given);
      } catch {
        ctx.addIssue({ code: 'custom', message: `unbalanced quote in "${given}"` });
        return z.NEVER;
      }
    }),
    user: z.string().optional(),
    /** Seconds the command may take. */
    timeout: int(1).default(60),
    container_engine: z.literal('docker').default('docker'),
  })
  .strict();
export type KollaContainerExecParams = z.infer<typeof kollaContainerExecParams>;

const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

export const kollaContainerExecModule = defineModule<KollaContainerExecParams, undefined>({
  name: 'kolla_container_exec',
  schema: kollaContainerExecParams,
  check: 'skip',
  async query(params) {
    return { changed: true, reason: `runs ${params.command.join(' ')} in ${params.name}`, plan: undefined };
  },
  async apply(params, _plan, ctx) {
    const engine = new ContainerEngine(() => ctx.openUnixSocket('/var/run/docker.sock'));
    const container = await engine.inspectContainer(params.name);
    if (!container?.State.Running) return { changed: false, failed: true, rc: 1, msg: `container ${params.name} is not running` };
    const r = await engine.exec(params.name, params.command, { ...(params.user ? { user: params.user } : {}), timeoutMs: params.timeout * 1000 });
    const result = { changed: true, rc: r.rc, cmd: params.command, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr) };
    return r.rc === 0 ? result : { ...result, failed: true, msg: 'non-zero return code' };
  },
});
