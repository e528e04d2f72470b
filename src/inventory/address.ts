/**
 * Host names as Ansible reads them (its parse_address, whose regular
 * expressions are followed here quirk for quirk): `host:port`,
 * `[anything]:port`, bare IPv6 (its colons are not a port), and host ranges
 * `web[01:20]`, `[a:f]`, `[1:9:2]`. A name that is none of these is kept
 * verbatim by the callers, as Ansible keeps it when parse_address fails.
 */

export class HostRangeError extends Error {}

// The ranges each kind of address admits: numeric in IPv4, hexadecimal in IPv6, one letter or numeric in names.
const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const NAME_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;

const V6 = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const V4 = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w with re.UNICODE: letters, numbers and the underscore. A label may start with _ but not end with _ or -.
const WORD = String.raw`[\p{L}\p{N}_]`;
const LABEL = `(?:${WORD}|${NAME_RANGE})(?:${WORD}|-|${NAME_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/u;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/u;
const IPV4 = new RegExp(`^(?:${V4}\\.){3}${V4}$`, 'iu');
// As in Ansible, ^ anchors every alternative (re.match) but $ only the last: 1:2:3:4:5:6:7:8:9 passes.
const IPV6 = new RegExp(
  `^(?:${[
    `(?:${V6}:){7}${V6}`,
    `(?:${V6}:){1,6}:`,
    `(?:${V6}:)(?::${V6}){1,6}`,
    `(?:${V6}:){2}(?::${V6}){1,5}`,
    `(?:${V6}:){3}(?::${V6}){1,4}`,
    `(?:${V6}:){4}(?::${V6}){1,3}`,
    `(?:${V6}:){5}(?::${V6}){1,2}`,
    `(?:${V6}:){6}(?::${V6})`,
    `:(?::${V6}){1,6}`,
    `${V6}?::`,
    `(?:0:){6}(?:${V6}\\.){3}${V6}`,
    `::(?:ffff:)?(?:${V6}\\.){3}${V6}`,
    `(?:0:){5}ffff:(?:${V6}\\.){3}${V6}$`,
  ].join('|')})`,
  'iu',
);
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'iu');

export interface Address {
  host: string;
  port?: number | undefined;
}

/**
 * Splits `host[:port]`; undefined where Ansible's parse_address raises (the
 * caller then keeps the text verbatim, as Ansible does). Both port forms are
 * tried in turn, the second on what the first left, as Ansible does.
 */
export function parseAddress(text: string, allowRanges: boolean): Address | undefined {
  let address = text;
  let port: number | undefined;
  for (const form of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = form.exec(address);
    if (m) {
      address = m[1] ?? '';
      port = Number(m[2]);
    }
  }
  if (address === '' || ![IPV4, IPV6, HOSTNAME].some((form) => form.test(address))) return undefined;
  if (!allowRanges && address.includes('[')) return undefined;
  return { host: address, port };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Expands every `[beg:end(:step)]` in a name; ranges are inclusive. */
export function expandHostRange(name: string): string[] {
  const open = name.indexOf('[');
  if (open < 0) return [name];
  const close = name.indexOf(']', open);
  if (close < 0) throw new HostRangeError(`unclosed host range in "${name}"`);
  const head = name.slice(0, open);
  const tail = name.slice(close + 1);
  const parts = name.slice(open + 1, close).split(':');
  if (parts.length < 2 || parts.length > 3) {
    throw new HostRangeError(`host range must be begin:end or begin:end:step, got "[${parts.join(':')}]"`);
  }
  const [begText = '', endText = '', stepText] = parts;
  if (endText === '') throw new HostRangeError(`host range "[${parts.join(':')}]" must specify an end value`);
  const step = stepText === undefined ? 1 : parseRangeInt(stepText);
  if (step === 0) throw new HostRangeError('host range step must not be zero');
  const items: string[] = [];
  // As Ansible's string.ascii_letters.index: any run of the alphabet is a letter end, `[ab:cd]` spans a to c.
  const b = begText === '' ? -1 : LETTERS.indexOf(begText);
  const e = LETTERS.indexOf(endText);
  if (b >= 0 && e >= 0) {
    if (b > e) throw new HostRangeError(`host range "[${begText}:${endText}]" must have begin <= end`);
    if (step > 0) for (let i = b; i <= e; i += step) items.push(LETTERS[i] as string);
  } else {
    const beg = begText === '' ? 0 : parseRangeInt(begText);
    const end = parseRangeInt(endText);
    // A leading zero asks for fixed-width numbers; both ends must then agree.
    const padded = begText.length > 1 && begText.startsWith('0');
    if (padded && begText.length !== endText.length) {
      throw new HostRangeError(`host range "[${begText}:${endText}]" must specify equal-length begin and end formats`);
    }
    for (let i = beg; step > 0 ? i <= end : i > end + 1; i += step) {
      items.push(padded ? String(i).padStart(begText.length, '0') : String(i));
    }
  }
  const tails = expandHostRange(tail);
  return items.flatMap((item) => tails.map((t) => head + item + t));
}

function parseRangeInt(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new HostRangeError(`invalid number "${text}" in host range`);
  return parseInt(text, 10);
}
