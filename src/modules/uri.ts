/**
 * uri: an HTTP request made from the target host (support/http.ts: curl,
 * else python3), answered with Ansible's fields: status, url, msg, the
 * response headers as lowercased_underscored keys, content and json.
 * Ansible 2.14's uri does not support check mode: the task is skipped there,
 * and the request is made in apply, which reports no change (as Ansible does
 * for every method when no dest is written).
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ModuleContext, type ResultFields } from './contract.js';
import { curlConfig, httpCommand, infoMessage, parseHttp, type HttpRequest } from './support/http.js';
import { pathCheckResult, pathCheckScript, type PathCheck } from './support/expand-path.js';
import { bool, int } from './support/params.js';

const statusCodes = z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => Number(s.trim())) : typeof v === 'number' ? [v] : v), z.array(z.number().int()));

export const uriParams = z
  .object({
    url: z.string().min(1),
    method: z.string().regex(/^[A-Za-z]+$/, "Parameter 'method' needs to be a single word in uppercase, like GET or POST.").default('GET'),
    body: z.unknown().optional(),
    body_format: z.enum(['json', 'form-urlencoded', 'raw']).default('raw'),
    status_code: statusCodes.default([200]),
    return_content: bool().default(false),
    headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    timeout: int(1).default(30),
    validate_certs: bool().default(true),
    url_username: z.string().optional(),
    user: z.string().optional(),
    url_password: z.string().optional(),
    password: z.string().optional(),
    // curl sends the credentials with the first request: always as force_basic_auth does (false is not honoured).
    force_basic_auth: bool().optional(),
    follow_redirects: z.enum(['all', 'no', 'none', 'safe', 'urllib2', 'yes']).default('safe'),
    creates: z.string().optional(),
    removes: z.string().optional(),
  })
  .strict();
export type UriParams = z.infer<typeof uriParams>;

/** Python's quote_plus: only letters, digits and _.-~ stay, a space is +. */
const quotePlus = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');

/**
 * Ansible's form_urlencoded: a mapping or a list of pairs -> a=1&b=2, a list of values repeating
 * the key (urlencode's doseq), None values left out, no body for none (a number or a boolean is
 * refused before: unsentBody).
 */
function formUrlencoded(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null) return undefined;
  const entries = Array.isArray(body) ? (body as unknown[]).map((pair) => (Array.isArray(pair) ? [pair[0], pair[1]] : [pair, undefined])) : Object.entries(body);
  const pairs: string[] = [];
  for (const [key, values] of entries) {
    for (const value of Array.isArray(values) ? values : [values]) if (value !== null && value !== undefined) pairs.push(`${quotePlus(String(key))}=${quotePlus(String(value))}`);
  }
  return pairs.join('&');
}

/** Python's class name of a value the module passes on as it is. */
const pythonClass = (value: unknown): string =>
  typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : typeof value === 'string' ? 'str' : Array.isArray(value) ? 'list' : 'dict';

const pythonFalsy = (v: unknown): boolean => v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0);

/**
 * Why http.client cannot send a body the module hands on unencoded (raw, or a form-urlencoded
 * number or boolean), else undefined. A number or a boolean is no message body; a list or a
 * mapping is sent in chunks, one per item (a mapping's keys), where empty items are skipped and
 * the first other one fails: an item has to be bytes, which YAML cannot give.
 */
function unsendable(body: unknown): string | undefined {
  if (typeof body === 'number' || typeof body === 'boolean') return `message_body should be a bytes-like object or an iterable, got <class '${pythonClass(body)}'>`;
  if (typeof body !== 'object' || body === null) return undefined;
  const items = Array.isArray(body) ? (body as unknown[]) : Object.keys(body);
  const item = items.find((i) => !pythonFalsy(i));
  if (item === undefined) return undefined;
  return typeof item === 'object' || typeof item === 'string' ? `can't concat ${pythonClass(item)} to bytes` : `object of type '${pythonClass(item)}' has no len()`;
}

/**
 * The failure of a request whose body cannot be sent (see unsendable): Ansible connects, fails
 * in http.client, and reports a request that got no status; here nothing is sent at all.
 */
export function unsentBody(p: UriParams): ResultFields | undefined {
  if (p.body_format === 'json' || typeof p.body === 'string') return undefined;
  const why = p.body_format === 'form-urlencoded' ? (typeof p.body === 'object' ? undefined : unsendable(p.body)) : unsendable(p.body);
  if (why === undefined) return undefined;
  return { failed: true, changed: false, elapsed: 0, msg: `Status code was -1 and not [${p.status_code.join(', ')}]: An unknown error occurred: ${why}`, redirected: false, status: -1, url: p.url };
}

/** The request that the parameters describe (body encoded, Content-Type set as Ansible does). */
export function uriRequest(p: UriParams): HttpRequest {
  const method = p.method.toUpperCase();
  const headers: Record<string, string> = Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, String(v)]));
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  const given = p.body ?? null;
  let body: string | undefined;
  if (p.body_format === 'json') {
    // The module dumps whatever it is given, no body too: json.dumps(None) sends "null".
    body = typeof given === 'string' ? given : JSON.stringify(given);
    if (!hasType) headers['Content-Type'] = 'application/json';
  } else if (p.body_format === 'form-urlencoded') {
    body = formUrlencoded(given);
    if (!hasType) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (typeof given === 'string') body = given;
  const user = p.url_username ?? p.user;
  const password = p.url_password ?? p.password;
  const follow = p.follow_redirects === 'all' || p.follow_redirects === 'yes' || ((p.follow_redirects === 'safe' || p.follow_redirects === 'urllib2') && (method === 'GET' || method === 'HEAD'));
  return {
    url: p.url, method, headers, timeoutSeconds: p.timeout, validateCerts: p.validate_certs, followRedirects: follow,
    ...(body !== undefined ? { body } : {}), ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}),
  };
}

const JSON_TYPES = new Set(['json', 'javascript']);

/** The response as Ansible's uri registers it. Secrets given as parameters are masked out of every string. */
export function uriResult(p: UriParams, stdout: string, stderr: string, elapsed: number): ResultFields {
  const r = parseHttp(stdout, stderr, p.url);
  const headerFields = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.replace(/-/g, '_'), v]));
  const [mainType = '', subType = ''] = (r.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase().split('/') ?? [];
  const maybeJson = mainType !== '' && JSON_TYPES.has(subType.includes('+') ? subType.split('+')[1] ?? '' : subType);
  // urllib answers a status outside 2xx with an HTTPError: no cookies then, and its body stays in the result
  // as `body` unless uri read it as output (json, return_content, or an unexpected status).
  const success = r.status >= 200 && r.status < 300;
  const maybeOutput = maybeJson || p.return_content || !p.status_code.includes(r.status);
  const result: ResultFields = {
    ...headerFields,
    url: r.url, status: r.status, msg: infoMessage(r), redirected: r.url !== p.url, elapsed, changed: false,
    ...(success ? { cookies: {}, cookies_string: '' } : r.status !== -1 && !maybeOutput ? { body: r.body } : {}),
  };
  if (r.headers.location) result.location = new URL(r.headers.location, p.url).toString();
  if (maybeJson) {
    try {
      result.json = JSON.parse(r.body);
    } catch {
      // Not JSON after all: Ansible leaves json out.
    }
  }
  if (p.return_content) result.content = r.body;
  if (!p.status_code.includes(r.status)) {
    result.failed = true;
    result.msg = `Status code was ${r.status} and not [${p.status_code.join(', ')}]: ${result.msg}`;
  }
  const secrets = [p.url_password ?? p.password].filter((s): s is string => !!s);
  return secrets.length ? (mask(result, secrets) as ResultFields) : result;
}

function mask(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return secrets.reduce((s, x) => s.split(x).join('********'), value);
  if (Array.isArray(value)) return value.map((v) => mask(v, secrets));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, secrets)]));
  return value;
}

/** How long the request may run on the host: uri's timeout, and 30 s more for the client to start and give up. */
export const runTimeoutMs = (p: UriParams): number => (p.timeout + 30) * 1000;

/** Whole seconds since `start`, as uri's elapsed (a timedelta's seconds). */
export const elapsedSeconds = (start: number): number => Math.floor((Date.now() - start) / 1000);

async function request(p: UriParams, ctx: ModuleContext): Promise<ResultFields> {
  const unsent = unsentBody(p);
  if (unsent !== undefined) return unsent;
  const start = Date.now();
  const r = await ctx.run(httpCommand(), { stdin: curlConfig(uriRequest(p)), timeoutMs: runTimeoutMs(p) });
  return uriResult(p, r.stdout, r.stderr, elapsedSeconds(start));
}

async function exists(ctx: ModuleContext, path: string): Promise<PathCheck> {
  const r = await ctx.run(Command.raw(pathCheckScript(path)));
  return pathCheckResult(r.rc, r.stdout);
}

function skippedBecause(stdout: string): ResultFields {
  return { changed: false, stdout, stdout_lines: [stdout] };
}

/**
 * The result of a request skipped by creates/removes, else undefined. They are paths (variables and
 * ~ expanded where the request runs: `check`), named expanded in the message as Ansible does.
 */
export async function skippedBy(p: UriParams, check: (path: string) => Promise<PathCheck>): Promise<ResultFields | undefined> {
  if (p.creates) {
    const c = await check(p.creates);
    if (c.exists) return skippedBecause(`skipped, since '${c.expanded}' exists`);
  }
  if (p.removes) {
    const r = await check(p.removes);
    if (!r.exists) return skippedBecause(`skipped, since '${r.expanded}' does not exist`);
  }
  return undefined;
}

export const uriModule = defineModule<UriParams, null>({
  name: 'uri',
  paths: ['dest'],
  schema: uriParams,
  check: 'skip',
  async query(p) {
    return { changed: true, reason: `would send ${p.method.toUpperCase()} ${p.url}`, plan: null, result: { msg: 'remote module (ansible.legacy.uri) does not support check mode' } };
  },
  async apply(p, _plan, ctx) {
    return (await skippedBy(p, (path) => exists(ctx, path))) ?? request(p, ctx);
  },
});
