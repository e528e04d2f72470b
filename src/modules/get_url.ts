/**
 * get_url: downloads a URL to a file ON the host (support/http.ts: curl,
 * else python3), in one command that follows Ansible 2.14's get_url step by
 * step: an existing dest whose given checksum matches is kept ("file already
 * exists"); otherwise the request carries If-Modified-Since (the dest's
 * mtime) unless `force` (or a checksum mismatch) sends no-cache instead, and
 * a 304 changes nothing; the download goes to a temporary file whose sha1 is
 * compared with the dest's, replaces it only when they differ (keeping an
 * existing file's mode and owner), and is checked against the checksum
 * afterwards (a mismatch removes the dest). Check mode sends HEAD, as
 * Ansible does, and reports a change unless that empty answer equals dest.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ModuleContext, type ResultFields } from './contract.js';
import { block, keyValues, PATH_INFO_FUNCTION, pathInfo } from './support/host-output.js';
import { curlConfig, httpCommand, infoMessage, parseHttp } from './support/http.js';
import { withAliases } from './support/aliases.js';
import { bool, fileMode, int } from './support/params.js';

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

export const getUrlParams = withAliases(
  { username: 'url_username', password: 'url_password' },
  z.object({
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
    // curl sends the credentials with the first request: always as force_basic_auth does (false is not honoured).
    force_basic_auth: bool().optional(),
  })
  .strict(),
);
export type GetUrlParams = z.infer<typeof getUrlParams>;

/** An octal mode as the 4-digit string Ansible registers, from '644', '0644' or 420 (YAML's 0644). */
export function octalMode(mode: string | number): string {
  if (typeof mode === 'number') return mode.toString(8).padStart(4, '0');
  if (!/^[0-7]{3,4}$/.test(mode)) throw new Error(`get_url: mode "${mode}" must be octal (symbolic modes are not supported here)`);
  return mode.padStart(4, '0');
}

/**
 * Ansible's flow as one script: prints `outcome=` (exists, http, nodir,
 * checked, badsum, done) with the sums and path info each result needs.
 * `head` is check mode: the request is HEAD and nothing is written.
 */
export function getUrlScript(p: GetUrlParams, head: boolean, tmp: string): Command {
  const [algo = 'sha256', digest = ''] = p.checksum?.split(':') ?? [];
  const name = posix.basename(new URL(p.url).pathname) || 'index.html';
  const sum = Command.raw(`${algo}sum`);
  const mode = p.mode !== undefined ? octalMode(p.mode) : '';
  const fileUrl = new URL(p.url).protocol === 'file:';
  return sh`FILE=${fileUrl ? '1' : '0'} D=${p.dest} F=${p.force ? '1' : '0'} SUM=${digest.toLowerCase()} M=${head ? 'HEAD' : 'GET'} TMP=${tmp} MODE=${mode} OWN=${p.owner ?? ''} GRP=${p.group ?? ''}
${Command.raw(PATH_INFO_FUNCTION)}
attrs() { d=0
  if [ -n "$MODE" ] && [ $((0$(stat -c %a "$1"))) -ne $((0$MODE)) ]; then d=1; [ "$M" = HEAD ] || chmod "$MODE" "$1" || exit 1; fi
  if [ -n "$OWN" ] && [ "$OWN" != "$(stat -c %U "$1")" ] && [ "$OWN" != "$(stat -c %u "$1")" ]; then d=1; [ "$M" = HEAD ] || chown "$OWN" "$1" || exit 1; fi
  if [ -n "$GRP" ] && [ "$GRP" != "$(stat -c %G "$1")" ] && [ "$GRP" != "$(stat -c %g "$1")" ]; then d=1; [ "$M" = HEAD ] || chgrp "$GRP" "$1" || exit 1; fi
  echo "attrs=$d"; }
if [ -d "$D" ]; then T="$D/"${name}; T=$(printf %s "$T" | sed 's#//*#/#g'); IMS=; else T=$D; IMS=
  if [ -e "$D" ]; then
    if [ "$F" != 1 ] && [ -n "$SUM" ]; then
      if [ "$(${sum} < "$D" | cut -d' ' -f1)" = "$SUM" ]; then echo outcome=exists; attrs "$D"; pinfo "$D"; exit 0; fi
      F=1
    fi
    [ "$F" = 1 ] || IMS=$(LC_ALL=C date -u -r "$D" '+%a, %d %b %Y %H:%M:%S GMT')
  fi
fi
echo "dest=$T"
rm -f "$TMP"; : > "$TMP" || exit 1
out=$({ cat; [ -n "$IMS" ] && printf 'header = "If-Modified-Since: %s"\\n' "$IMS"; [ "$F" = 1 ] && echo 'header = "cache-control: no-cache"'; } | ${httpCommand()} 2>"$TMP.h")
printf '<<http\\n%s\\n>>http\\n<<headers\\n' "$out"; cat "$TMP.h"; printf '\\n>>headers\\n'
code=$(printf '%s\\n' "$out" | awk '$1 == "__KR_HTTP__" { c = $2 } END { print c }')
# A file:// URL has no status (000): read without an error, it is Ansible's success.
if [ "$FILE" = 1 ] && [ "$code" = 000 ] && ! grep -qE '^(curl: \\(|error: )' "$TMP.h"; then code=200; fi
rm -f "$TMP.h"
if [ "$code" != 200 ]; then rm -f "$TMP"; echo outcome=http; pinfo "$D"; exit 0; fi
echo "src_sha1=$(sha1sum < "$TMP" | cut -d' ' -f1)"
if [ -e "$T" ]; then echo "dest_sha1=$(sha1sum < "$T" | cut -d' ' -f1)"
elif [ ! -d "$(dirname "$T")" ]; then rm -f "$TMP"; echo outcome=nodir; exit 0; fi
if [ "$M" = HEAD ]; then rm -f "$TMP"; echo outcome=checked; pinfo "$T"; exit 0; fi
if [ ! -e "$T" ] || ! cmp -s "$TMP" "$T"; then
  N="$(dirname "$T")/.kolla-run-get_url.$$"
  cp "$TMP" "$N" || { rm -f "$TMP" "$N"; exit 1; }
  if [ -e "$T" ]; then chmod --reference="$T" "$N" && chown --reference="$T" "$N"; else chmod "$(printf '%o' $((0666 & ~$(umask))))" "$N"; fi && mv -f "$N" "$T" || { rm -f "$TMP" "$N"; exit 1; }
  echo moved=1
fi
rm -f "$TMP"
if [ -n "$SUM" ]; then S=$(${sum} < "$T" | cut -d' ' -f1); if [ "$S" != "$SUM" ]; then rm -f "$T"; echo "badsum=$S"; echo outcome=badsum; exit 0; fi; fi
attrs "$T"; echo "md5=$(md5sum < "$T" | cut -d' ' -f1)"; echo outcome=done; pinfo "$T"`;
}

/** Runs the flow and builds Ansible's result; `changed` as Ansible registers it. */
async function getUrl(p: GetUrlParams, head: boolean, ctx: ModuleContext): Promise<ResultFields> {
  const tmp = `/tmp/.kolla-run-get_url.${randomBytes(6).toString('hex')}`;
  // Check mode asks with HEAD; a file:// URL is read whole (as Python's urllib does for HEAD), so an unchanged file shows.
  const headRequest = head && new URL(p.url).protocol !== 'file:';
  const config = curlConfig({
    url: p.url, method: headRequest ? 'HEAD' : 'GET', headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, String(v)])), timeoutSeconds: p.timeout,
    validateCerts: p.validate_certs, followRedirects: true, output: headRequest ? '/dev/null' : tmp, ...(p.url_username !== undefined ? { user: p.url_username, password: p.url_password ?? '' } : {}),
  });
  const start = Date.now();
  const r = await ctx.run(getUrlScript(p, head, tmp), { stdin: config, timeoutMs: (p.timeout + 60) * 1000 });
  const elapsed = Math.floor((Date.now() - start) / 1000);
  const kv = keyValues(r.stdout.replace(/<<http\n[\s\S]*?\n>>http\n/, '').replace(/<<headers\n[\s\S]*?\n>>headers\n/, ''));
  const outcome = kv.get('outcome');
  const dest = kv.get('dest') ?? p.dest;
  const base: ResultFields = { changed: false, checksum_dest: null, checksum_src: null, dest: p.dest, elapsed: 0, url: p.url };
  if (outcome === undefined) return { ...base, failed: true, msg: r.stderr.trim() || `rc ${r.rc}` };
  if (outcome === 'exists') {
    const attrs = kv.get('attrs') === '1';
    return { ...base, changed: attrs, msg: attrs ? 'file already exists but file attributes changed' : 'file already exists', ...pathInfo(kv) };
  }
  const http = parseHttp(block(r.stdout, 'http') ?? '', block(r.stdout, 'headers') ?? '', p.url);
  // url_get's own exits: no checksum fields, dest as given.
  const early: ResultFields = { changed: false, url: p.url, dest: p.dest, elapsed, ...pathInfo(kv) };
  if (outcome === 'http') {
    if (http.status === 304) return { ...early, msg: infoMessage(http), status_code: 304 };
    if (http.status === -1) return { ...early, failed: true, msg: infoMessage(http) };
    return { ...early, failed: true, msg: 'Request failed', status_code: http.status, response: infoMessage(http) };
  }
  const sums = { checksum_src: kv.get('src_sha1') ?? null, checksum_dest: kv.get('dest_sha1') ?? null };
  const after: ResultFields = { ...base, ...sums, dest, elapsed, src: tmp };
  if (outcome === 'nodir') return { ...after, failed: true, msg: `Destination ${posix.dirname(dest)} does not exist` };
  if (outcome === 'checked') return { ...after, changed: sums.checksum_dest === null || sums.checksum_src !== sums.checksum_dest, msg: infoMessage(http), ...pathInfo(kv) };
  const moved = kv.get('moved') === '1';
  if (outcome === 'badsum') {
    const [, digest = ''] = p.checksum?.split(':') ?? [];
    return { ...after, changed: moved, failed: true, msg: `The checksum for ${dest} did not match ${digest.toLowerCase()}; it was ${kv.get('badsum')}.` };
  }
  // A file:// URL has no status code: Ansible registers null.
  return { ...after, changed: moved || kv.get('attrs') === '1', md5sum: kv.get('md5'), msg: infoMessage(http), status_code: http.status === 0 ? null : http.status, ...pathInfo(kv) };
}

export const getUrlModule = defineModule<GetUrlParams, null>({
  name: 'get_url',
  paths: ['dest'],
  schema: getUrlParams,
  check: 'full',
  // Check mode is Ansible's: a HEAD request, nothing written.
  async query(p, ctx) {
    const result = await getUrl(p, true, ctx);
    // Every outcome says why in msg.
    if (result.changed !== true) return { changed: false, reason: String(result.msg), result };
    return { changed: true, reason: `would download ${p.url} to ${String(result.dest)}`, plan: null, before: null, after: { url: p.url, dest: result.dest }, result };
  },
  async apply(p, _plan, ctx) {
    return getUrl(p, false, ctx);
  },
  // A real run needs no HEAD first: the download decides.
  async converge(p, ctx) {
    return getUrl(p, false, ctx);
  },
});
