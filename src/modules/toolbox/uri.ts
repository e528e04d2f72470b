/**
 * ansible.builtin.uri in the toolbox: the request made from inside the
 * kolla_toolbox container (its curl, else python3), with uri's parameters,
 * status checks and result fields (../uri.ts). The request, credentials
 * included, goes on the client's stdin. As uri, no check mode: the task is
 * skipped there, and apply reports no change.
 */
import { pathCheckResult, pathCheckScript } from '../support/expand-path.js';
import { httpCommand, curlConfig } from '../support/http.js';
import { elapsedSeconds, runTimeoutMs, skippedBy, unsentBody, uriParams, uriRequest, uriResult, type UriParams } from '../uri.js';
import type { Toolbox } from './client.js';
import { defineClientModule } from './module.js';

/** Runs argv in the toolbox container. */
type Exec = (argv: readonly string[], stdin?: string, timeoutMs?: number) => Promise<{ rc: number; stdout: string; stderr: string }>;

const inContainer = (t: Toolbox): Exec => (argv, stdin, timeoutMs) =>
  t.engine.exec(t.container, argv, { user: t.user, timeoutMs: timeoutMs ?? t.timeoutMs, ...(stdin !== undefined ? { stdin } : {}) });

const exists = async (exec: Exec, path: string) => {
  const r = await exec(['sh', '-c', pathCheckScript(path)]);
  return pathCheckResult(r.rc, r.stdout);
};

export const toolboxUri = defineClientModule<UriParams, undefined, Exec>({
  name: 'uri',
  collections: ['ansible.builtin', 'ansible.legacy'],
  schema: uriParams,
  secrets: (p) => [p.url_password ?? p.password],
  connect: inContainer,
  async apply(p, _plan, exec) {
    const skipped = await skippedBy(p, (path) => exists(exec, path));
    if (skipped) return skipped;
    const unsent = unsentBody(p);
    if (unsent !== undefined) return unsent;
    const start = Date.now();
    const r = await exec(['sh', '-c', httpCommand().toShell()], curlConfig(uriRequest(p)), runTimeoutMs(p));
    return uriResult(p, r.stdout, r.stderr, elapsedSeconds(start));
  },
});
