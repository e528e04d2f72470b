/**
 * fetch: copies a file from the host to the controller, as Ansible's fetch
 * action does: dest/<inventory_hostname>/<src> unless flat, nothing written
 * when the local copy has the remote's sha1, the copy checked against it.
 * Query: one round trip (stat and sha1 on the host, the local sha1 here).
 * Apply: one read (ctx.get), then an atomic write on the controller
 * (ctx.local.controller).
 */
import { md5, sha1 } from './support/digest.js';
import { join, normalize, resolve, basename } from 'node:path';
import { z } from 'zod';
import { defineModule, type ControllerFiles, type Query, type ResultFields } from './contract.js';
import { boolish } from './support/aliases.js';
import { checksumSnippet, probe, statSnippet } from './support/remote-probe.js';

export const fetchParams = z
  .object({
    src: z.string().min(1),
    dest: z.string().min(1),
    flat: boolish.default(false),
    fail_on_missing: boolish.default(true),
    validate_checksum: boolish.default(true),
  })
  .strict();
export type FetchParams = z.infer<typeof fetchParams>;

interface Plan {
  dest: string;
  remoteChecksum: string;
}

/** Where the copy goes (a relative dest is taken from the working directory, Ansible's playbook folder). */
async function destination(p: FetchParams, host: string, local: ControllerFiles): Promise<string | { error: string }> {
  if (p.flat) {
    const isDir = await local.isDir(p.dest);
    if (isDir && !p.dest.endsWith('/')) return { error: 'dest is an existing directory, use a trailing slash if you want to fetch src into that directory' };
    return normalize(resolve(p.dest.endsWith('/') ? join(p.dest, basename(p.src)) : p.dest));
  }
  return normalize(`${resolve(p.dest)}/${host}/${p.src}`);
}

export const fetchModule = defineModule<FetchParams, Plan>({
  name: 'fetch',
  schema: fetchParams,
  // Ansible's fetch action skips itself in check mode.
  check: 'skip',
  async query(p, ctx): Promise<Query<Plan>> {
    const missing = (msg: string): Query<Plan> => ({
      changed: false,
      reason: msg,
      result: p.fail_on_missing ? { failed: true, msg } : { msg: msg.endsWith('ignored') ? msg : `${msg}, not transferring, ignored`, file: p.src },
    });
    const pr = await probe(ctx, [statSnippet('S', p.src, true), checksumSnippet('C', p.src, 'sha1')]);
    const st = pr.stat('S');
    if (!st) return missing('the remote file does not exist, not transferring, ignored');
    if (st.type === 'directory') {
      const msg = 'remote file is a directory, fetch cannot work on directories';
      return { changed: false, reason: msg, result: p.fail_on_missing ? { failed: true, changed: false, msg } : { msg: `${msg}, not transferring, ignored` } };
    }
    const remoteChecksum = pr.text('C');
    if (remoteChecksum === undefined) return missing(`file is not readable: ${p.src}`);
    const dest = await destination(p, ctx.host, ctx.local.controller);
    if (typeof dest !== 'string') return { changed: false, reason: dest.error, result: { failed: true, msg: dest.error } };
    const local = await ctx.local.controller.read(dest);
    if (local && sha1(local) === remoteChecksum) {
      return { changed: false, reason: `${dest} is up to date`, result: { md5sum: md5(local), file: p.src, dest, checksum: remoteChecksum } };
    }
    return { changed: true, reason: `would fetch ${p.src} to ${dest}`, plan: { dest, remoteChecksum }, before: { checksum: local ? sha1(local) : null }, after: { checksum: remoteChecksum } };
  },
  async apply(p, plan, ctx): Promise<ResultFields> {
    const data = await ctx.get(p.src);
    if (data === undefined) return { failed: true, changed: false, msg: 'the remote file does not exist, not transferring, ignored', file: p.src };
    const checksum = sha1(data);
    const fields = { md5sum: md5(data), dest: plan.dest, remote_md5sum: null, checksum, remote_checksum: plan.remoteChecksum };
    try {
      await ctx.local.controller.write(plan.dest, data);
    } catch (err) {
      return { failed: true, changed: false, msg: `Failed to fetch the file: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (p.validate_checksum && checksum !== plan.remoteChecksum) return { failed: true, changed: false, msg: 'checksum mismatch', file: p.src, ...fields };
    return { changed: true, ...fields };
  },
});
