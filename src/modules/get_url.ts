/**
 * get_url: downloads a URL to a file ON the host (support/http.ts: curl,
 * else python3). Query stats the destination in one command: a file that
 * exists is left alone unless `force`, or a given checksum differs; its
 * mode/owner/group are corrected when they differ. Apply downloads to a
 * temporary file beside the destination, checks status and checksum, then
 * moves it into place and reports the file, all in one command.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';
import { Command, sh } from '../connection/command.js';
import { defineModule, type ResultFields } from './contract.js';
import { block, keyValues } from './support/host-output.js';
import { curlConfig, httpCommand, infoMessage, parseHttp } from './support/http.js';
import { bool, fileMode, int } from './support/params.js';

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

export const getUrlParams = z
  .object({
    url: z.string().min(1),
    dest: z.string().min(1),
    mode: fileMode().optional(),
    owner: z.string().optional(),
    group: z.string().optional(),
    checksum: z.string().regex(new RegExp(`^(${ALGORITHMS.join('|')}):[0-9a-fA-F]+$`), 'The checksum parameter has to be in format <algorithm>:<checksum> (a checksum URL is not supported)').optional(),
    force: bool().default(false),
    timeout: int(1).default(10),
    validate_certs: bool().default(true),
    headers: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
    url_username: z.string().optional(),
    url_password: z.string().optional(),
    force_basic_auth: bool().default(false),
  })
  .strict();
export type GetUrlParams = z.infer<typeof getUrlParams>;

/** An octal mode as the 4-digit string Ansible registers, from '644', '0644' or 420 (YAML's 0644). */
export function octalMode(mode: string | number): string {
  if (typeof mode === 'number') return mode.toString(8).padStart(4, '0');
  if (!/^[0-7]{3,4}$/.test(mode)) throw new Error(`get_url: mode "${mode}" must be octal (symbolic modes are not supported here)`);
  return mode.padStart(4, '0');
}

interface Plan {
  dest: string;
  download: boolean;
  reason: string;
}

/** stat and digest of a file as key=value lines (the digest tool named by the checksum's algorithm). */
function statScript(path: string | Command, algo: string): Command {
  return sh`if [ -f ${path} ]; then echo exists=1; stat -c 'mode=%a
owner=%U
group=%G
uid=%u
gid=%g
size=%s' ${path}; echo "sum=$(${Command.raw(`${algo}sum`)} < ${path} | cut -d' ' -f1)"; echo "sha1=$(sha1sum < ${path} | cut -d' ' -f1)"; echo "md5=$(md5sum < ${path} | cut -d' ' -f1)"; fi`;
}

/** The file's fields, which Ansible adds to every result that names a dest (md5sum only after a download). */
function fileInfo(kv: ReturnType<typeof keyValues>): ResultFields {
  return { gid: Number(kv.get('gid')), group: kv.get('group'), mode: (kv.get('mode') ?? '').padStart(4, '0'), owner: kv.get('owner'), size: Number(kv.get('size')), state: 'file', uid: Number(kv.get('uid')) };
}

function attrsDiffer(p: GetUrlParams, kv: ReturnType<typeof keyValues>): string[] {
  const out: string[] = [];
  if (p.mode !== undefined && octalMode(p.mode) !== (kv.get('mode') ?? '').padStart(4, '0')) out.push('mode');
  if (p.owner !== undefined && p.owner !== kv.get('owner') && p.owner !== kv.get('uid')) out.push('owner');
  if (p.group !== undefined && p.group !== kv.get('group') && p.group !== kv.get('gid')) out.push('group');
  return out;
}

export const getUrlModule = defineModule<GetUrlParams, Plan>({
  name: 'get_url',
  schema: getUrlParams,
  check: 'full',
  async query(p, ctx) {
    const [algo = 'sha256', digest = ''] = p.checksum?.split(':') ?? [];
    const name = posix.basename(new URL(p.url).pathname) || 'index.html';
    const probe = await ctx.run(sh`if [ -d ${p.dest} ]; then echo "dest=$(printf %s ${p.dest} | sed 's#/*$##')/"${name}; else echo dest=${p.dest}; fi; D=$(if [ -d ${p.dest} ]; then printf %s ${p.dest}/${name}; else printf %s ${p.dest}; fi); ${statScript(Command.raw('"$D"'), algo)}`);
    const kv = keyValues(probe.stdout);
    const dest = kv.get('dest') ?? p.dest;
    const base: ResultFields = { changed: false, checksum_dest: null, checksum_src: null, dest, elapsed: 0, url: p.url };
    const exists = kv.get('exists') === '1';
    const mismatch = exists && p.checksum !== undefined && kv.get('sum') !== digest.toLowerCase();
    if (!exists || p.force || mismatch) {
      const reason = !exists ? `would download ${p.url} to ${dest}` : p.force ? `would download ${p.url} again (force)` : `would replace ${dest}: checksum differs`;
      return { changed: true, reason, plan: { dest, download: true, reason }, before: exists ? { checksum: kv.get('sum') } : null, after: { url: p.url, dest }, result: { ...base, changed: true, msg: reason } };
    }
    const attrs = attrsDiffer(p, kv);
    if (attrs.length === 0) return { changed: false, reason: 'file already exists', result: { ...base, ...fileInfo(kv), msg: 'file already exists' } };
    const reason = `would change ${attrs.join(', ')} of ${dest}`;
    return { changed: true, reason, plan: { dest, download: false, reason }, result: { ...base, changed: true, msg: 'file already exists but file attributes changed' } };
  },
  async apply(p, plan, ctx) {
    const [algo = 'sha256', digest = ''] = p.checksum?.split(':') ?? [];
    const tmp = `${posix.dirname(plan.dest)}/.kolla-run-get_url.${randomBytes(6).toString('hex')}`;
    const attrs = Command.join([
      ...(p.mode !== undefined ? [sh`chmod ${octalMode(p.mode)} ${plan.dest} &&`] : []),
      ...(p.owner !== undefined ? [sh`chown ${p.owner} ${plan.dest} &&`] : []),
      ...(p.group !== undefined ? [sh`chgrp ${p.group} ${plan.dest} &&`] : []),
      Command.raw('true'),
    ]);
    const start = Date.now();
    const script = plan.download
      ? sh`T=${plan.dest}; TMP=${tmp}; [ -d "$(dirname "$T")" ] || { echo "missing=1"; exit 0; }
echo "<<http"; ${httpCommand()}; echo; echo ">>http"
if [ -f "$TMP" ]; then echo "src_sha1=$(sha1sum < "$TMP" | cut -d' ' -f1)"; ${statScript(Command.raw('"$T"'), algo)} | sed 's/^/old_/'
  S=$(${Command.raw(`${algo}sum`)} < "$TMP" | cut -d' ' -f1); if [ -n ${digest} ] && [ "$S" != ${digest.toLowerCase()} ]; then rm -f "$TMP"; echo "badsum=$S"; exit 0; fi
  if ! cmp -s "$TMP" "$T"; then mv -f "$TMP" "$T" || exit 1; echo moved=1; fi; rm -f "$TMP"; ${attrs} || exit 1; fi
${statScript(Command.raw('"$T"'), algo)}`
      : sh`T=${plan.dest}; ${attrs} || exit 1; ${statScript(Command.raw('"$T"'), algo)}`;
    const config = curlConfig({ url: p.url, method: 'GET', headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, String(v)])), timeoutSeconds: p.timeout, validateCerts: p.validate_certs, followRedirects: true, output: tmp, ...(p.url_username !== undefined ? { user: p.url_username, password: p.url_password ?? '' } : {}) });
    const r = await ctx.run(script, { stdin: config, timeoutMs: (p.timeout + 60) * 1000 });
    const elapsed = Math.floor((Date.now() - start) / 1000);
    const kv = keyValues(r.stdout.replace(/<<http\n[\s\S]*?\n>>http\n?/, ''));
    const base: ResultFields = { checksum_dest: null, checksum_src: null, dest: plan.dest, elapsed, url: p.url };
    if (r.rc !== 0) return { ...base, failed: true, msg: r.stderr.trim() || `rc ${r.rc}` };
    if (kv.get('missing')) return { ...base, failed: true, msg: `Destination ${posix.dirname(plan.dest)} does not exist` };
    const file = (): ResultFields => ({ ...fileInfo(kv), md5sum: kv.get('md5') });
    if (!plan.download) return { ...base, ...file(), msg: 'file already exists but file attributes changed' };
    const http = parseHttp(block(r.stdout, 'http') ?? '', r.stderr, p.url);
    if (http.status === -1) return { ...base, failed: true, msg: infoMessage(http) };
    if (http.status !== 200) return { ...base, failed: true, msg: 'Request failed', status_code: http.status, response: infoMessage(http) };
    const sums = { checksum_src: kv.get('src_sha1') ?? null, checksum_dest: kv.get('old_sha1') ?? null };
    if (kv.get('badsum')) return { ...base, ...sums, failed: true, msg: `The checksum for ${plan.dest} did not match ${digest}; it was ${kv.get('badsum')}.` };
    return { ...base, ...sums, ...file(), src: tmp, msg: infoMessage(http), status_code: http.status };
  },
});
