/** Jinja2's URL and markup filters (urlencode, xmlattr, striptags, forceescape) and Ansible's urldecode. */
import { isDict, iterate, str, Undef } from '../values.js';
import { htmlEscape } from './core.js';
import { argBool, type Registry } from './util.js';

/** Python's urllib quote of the UTF-8 bytes; `safe` characters kept as they are. */
function quote(s: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : str(v));
const queryPart = (v: unknown): string => quote(text(v), '').replace(/%20/g, '+');

export const markupFilters: Registry = {
  urlencode: (v) => {
    if (typeof v === 'string' || !(Array.isArray(v) || isDict(v))) return quote(text(v), '/');
    const pairs = isDict(v) ? Object.entries(v) : iterate(v).map((p) => iterate(p));
    return pairs.map(([k, x]) => `${queryPart(k)}=${queryPart(x)}`).join('&');
  },
  urldecode: (v) => {
    const plus = text(v).replace(/\+/g, ' ');
    // Python's unquote_plus leaves a malformed %xx as it is; decodeURIComponent would throw.
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return Buffer.from(run.split('%').slice(1).map((h) => parseInt(h, 16))).toString('utf8');
      }
    });
  },
  xmlattr: (v, a, k) => {
    const pairs = isDict(v) ? Object.entries(v) : [];
    const rv = pairs
      .filter(([, x]) => x !== null && !(x instanceof Undef))
      .map(([key, x]) => `${htmlEscape(key)}="${htmlEscape(text(x))}"`)
      .join(' ');
    return argBool(a, k, 0, 'autospace', true) && rv !== '' ? ` ${rv}` : rv;
  },
  striptags: (v) => {
    const stripped = text(v).replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '');
    return stripped
      .split(/\s+/)
      .filter((w) => w !== '')
      .join(' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;|&#34;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  },
  forceescape: (v) => htmlEscape(text(v)),
};
