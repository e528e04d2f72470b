/**
 * HTTP requests made ON the target host (uri, get_url): curl when the host
 * has it, else python3's urllib. Both read the same request from stdin, in
 * curl's config-file syntax, so the URL, the body and the credentials never
 * appear on a command line (nor in `ps`, nor in a printed command). Both
 * answer alike: the body on stdout (or into `output`), then a trailer line
 * `__KR_HTTP__ <status> <final url>`; the response headers on stderr.
 */
import { Command } from '../../connection/index.js';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  user?: string;
  password?: string;
  timeoutSeconds: number;
  validateCerts: boolean;
  followRedirects: boolean;
  /** Write the body to this host path instead of stdout. */
  output?: string;
}

export interface HttpResponse {
  /** -1 when no response came (Ansible's value). */
  status: number;
  url: string;
  reason: string;
  /** Lowercased names; repeated headers joined with ", " as Python's message does. */
  headers: Record<string, string>;
  body: string;
  error?: string;
}

const TRAILER = '__KR_HTTP__';

function configValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** The request as a curl config file (fed on stdin; python3 parses the same lines). */
export function curlConfig(r: HttpRequest): string {
  // HEAD as curl's `head` (-I): `request = "HEAD"` would wait for a body that never comes.
  const method = r.method === 'HEAD' ? 'head' : `request = ${configValue(r.method)}`;
  const lines = ['silent', 'show-error', `url = ${configValue(r.url)}`, method, `max-time = ${r.timeoutSeconds}`];
  for (const [k, v] of Object.entries(r.headers)) lines.push(`header = ${configValue(`${k}: ${v}`)}`);
  // data-raw: a body starting with @ is text, not a file name.
  if (r.body !== undefined) lines.push(`data-raw = ${configValue(r.body)}`);
  if (r.user !== undefined) lines.push(`user = ${configValue(`${r.user}:${r.password ?? ''}`)}`);
  if (!r.validateCerts) lines.push('insecure');
  if (r.followRedirects) lines.push('location');
  lines.push(`output = ${configValue(r.output ?? '-')}`, 'dump-header = "/dev/stderr"', `write-out = ${configValue(`\n${TRAILER} %{http_code} %{url_effective}\n`)}`);
  return `${lines.join('\n')}\n`;
}

const PYTHON = String.raw`
import sys, ssl, base64, re, urllib.request, urllib.error
opts, headers = {}, []
for line in sys.stdin.read().split('\n'):
    m = re.match(r'^([a-z-]+)(?:\s*=\s*"(.*)")?$', line)
    if not m: continue
    v = m.group(2)
    if v is not None:
        v = re.sub(r'\\(.)', lambda x: {'n': '\n', 'r': '\r', 't': '\t'}.get(x.group(1), x.group(1)), v)
    if m.group(1) == 'header': headers.append(v)
    else: opts[m.group(1)] = v
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
tls = ssl.create_default_context()
if 'insecure' in opts: tls.check_hostname = False; tls.verify_mode = ssl.CERT_NONE
handlers = [urllib.request.HTTPSHandler(context=tls)] + ([] if 'location' in opts else [NoRedirect()])
data = opts.get('data-raw')
req = urllib.request.Request(opts['url'], data=None if data is None else data.encode(), method='HEAD' if 'head' in opts else opts.get('request', 'GET'))
for h in headers:
    k, _, v = h.partition(':'); req.add_header(k.strip(), v.strip())
if 'user' in opts: req.add_header('Authorization', 'Basic ' + base64.b64encode(opts['user'].encode()).decode())
try:
    resp = urllib.request.build_opener(*handlers).open(req, timeout=float(opts.get('max-time', '30')))
except urllib.error.HTTPError as e:
    resp = e
except Exception as e:
    sys.stderr.write('error: %s\n' % getattr(e, 'reason', e)); sys.stdout.write('\n${TRAILER} 000 %s\n' % opts['url']); sys.exit(0)
code = resp.getcode() or 0
if code: sys.stderr.write('HTTP/1.1 %d %s\r\n' % (code, getattr(resp, 'reason', '') or getattr(resp, 'msg', '')))
for k, v in resp.headers.items(): sys.stderr.write('%s: %s\r\n' % (k, v))
sys.stderr.write('\r\n')
body = resp.read()
out = opts.get('output', '-')
if out == '-': sys.stdout.buffer.write(body)
else:
    with open(out, 'wb') as f: f.write(body)
sys.stdout.write('\n${TRAILER} %d %s\n' % (code, resp.geturl()))
`;

/**
 * The shell command: curl if present, else python3; both read the request from stdin.
 * curl's stderr goes through a pipe (cat): curl opens /dev/stderr for the headers, which fails
 * (ENXIO) when stderr is a socket, as a local connection's is, and curl 7.88 then crashes.
 */
export function httpCommand(): Command {
  return Command.join([
    Command.raw('if command -v curl >/dev/null 2>&1; then { curl --config - 2>&1 >&3 3>&- | cat >&2; } 3>&1; elif command -v python3 >/dev/null 2>&1; then python3 -c'),
    Command.argv([PYTHON]),
    Command.raw('; else echo "error: the host has neither curl nor python3" >&2; fi'),
  ]);
}

/** Reads what httpCommand printed. */
export function parseHttp(stdout: string, stderr: string, requested: string): HttpResponse {
  const at = stdout.lastIndexOf(`\n${TRAILER} `);
  const trailer = at < 0 ? '' : stdout.slice(at + TRAILER.length + 2).trim();
  const space = trailer.indexOf(' ');
  const code = Number(space < 0 ? trailer : trailer.slice(0, space));
  const url = space < 0 ? requested : trailer.slice(space + 1);
  // The last header block is the final response's (redirects and 100-continue come first).
  let headers: Record<string, string> = {};
  let reason = '';
  const errors: string[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const status = /^HTTP\/[\d.]+ \d+ ?(.*)$/.exec(line);
    if (status) {
      headers = {};
      reason = status[1] ?? '';
      continue;
    }
    const header = /^([^\s:]+):\s*(.*)$/.exec(line);
    const error = /^(?:curl: \(\d+\) |error: )(.*)$/.exec(line);
    if (error) errors.push(error[1] ?? '');
    else if (header?.[1]) {
      const name = header[1].toLowerCase();
      headers[name] = headers[name] === undefined ? header[2] ?? '' : `${headers[name]}, ${header[2] ?? ''}`;
    }
  }
  // file:// answers without a status (0): a success when nothing said it failed.
  const ok = Number.isInteger(code) && (code > 0 || (code === 0 && /^file:/i.test(requested) && errors.length === 0 && trailer !== ''));
  return {
    status: ok ? code : -1, url, reason, headers: ok ? headers : {}, body: at < 0 ? stdout : stdout.slice(0, at),
    ...(ok ? {} : { error: errors.join('; ') || stderr.trim() || 'no response' }),
  };
}

/** Ansible's info msg: "OK (N bytes)" for a success, "HTTP Error N: Reason" otherwise. */
export function infoMessage(r: HttpResponse): string {
  if (r.status === -1) return `Request failed: <urlopen error ${r.error ?? ''}>`;
  // urllib raises HTTPError for every status from 300 on that it does not follow.
  if (r.status >= 300) return `HTTP Error ${r.status}: ${r.reason}`;
  return `OK (${r.headers['content-length'] ?? 'unknown'} bytes)`;
}
