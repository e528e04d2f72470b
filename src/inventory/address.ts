/**
 * Host names as Ansible reads them: `host:port`, `[ipv6]:port`, bare IPv6
 * (its colons are not a port), and host ranges `web[01:20]`, `[a:f]`,
 * `[1:9:2]`. A name that is none of these is kept verbatim by the callers.
 */

export class HostRangeError extends Error {}

// A range inside a name, e.g. [1:9], [01:10:2], [a:f]; allowed where ranges are.
const RANGE = String.raw`\[(?:[a-zA-Z]:[a-zA-Z]|\d*:\d+)(?::\d+)?\]`;

function hostnamePattern(ranges: boolean): string {
  const ch = ranges ? String.raw`(?:[\p{L}\p{N}_]|${RANGE})` : String.raw`[\p{L}\p{N}_]`;
  const chDash = ranges ? String.raw`(?:[\p{L}\p{N}_-]|${RANGE})` : String.raw`[\p{L}\p{N}_-]`;
  const label = `(?:${ch}|${ch}${chDash}*${ch})`;
  return `${label}(?:\\.${label})*`;
}

function ipv4Pattern(ranges: boolean): string {
  const octet = ranges ? String.raw`(?:\d+|${RANGE})` : String.raw`\d+`;
  return `${octet}(?:\\.${octet}){3}`;
}

function ipv6Pattern(ranges: boolean): string {
  const group = ranges ? String.raw`(?:[0-9a-fA-F]{1,4}|${RANGE})` : '[0-9a-fA-F]{1,4}';
  // Checked structurally below; the regex only admits the alphabet.
  return `(?:${group}|:|\\.|\\d)+`;
}

const ipv6Alphabet = [false, true].map((ranges) => new RegExp(`^${ipv6Pattern(ranges)}$`, 'u'));

function isIpv6(text: string, ranges: boolean): boolean {
  if (!text.includes(':') || !(ipv6Alphabet[Number(ranges)] as RegExp).test(text)) return false;
  // Ranges contain colons of their own: blank them out before counting groups.
  const flat = ranges ? text.replace(new RegExp(RANGE, 'g'), '0') : text;
  let head = flat;
  let groupsNeeded = 8;
  const v4 = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(flat);
  if (v4?.[1]) {
    head = flat.slice(0, flat.length - v4[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
    groupsNeeded = 6;
  }
  const doubles = head.split('::').length - 1;
  if (doubles > 1) return false;
  const parts = head.split('::').map((p) => (p === '' ? [] : p.split(':')));
  if (parts.some((p) => p.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))) return false;
  const count = parts.reduce((n, p) => n + p.length, 0);
  return doubles === 1 ? count < groupsNeeded || (v4 !== null && count <= groupsNeeded) : count === groupsNeeded;
}

interface AddressPatterns {
  /** An IPv4 address or a host name, alone. */
  hostOnly: RegExp;
  /** The same, then an optional `:port`. */
  hostAndPort: RegExp;
}

/** Built once per flavour: every host line of an inventory is matched against them. */
const addressPatternCache = new Map<boolean, AddressPatterns>();

function addressPatterns(allowRanges: boolean): AddressPatterns {
  let patterns = addressPatternCache.get(allowRanges);
  if (!patterns) {
    const either = `${ipv4Pattern(allowRanges)}|${hostnamePattern(allowRanges)}`;
    patterns = { hostOnly: new RegExp(`^(?:${either})$`, 'u'), hostAndPort: new RegExp(`^(${either})(?::(\\d+))?$`, 'u') };
    addressPatternCache.set(allowRanges, patterns);
  }
  return patterns;
}

export interface Address {
  host: string;
  port?: number | undefined;
}

/**
 * Splits `host[:port]`; undefined when the text is not an address Ansible
 * recognises (the caller then keeps it verbatim, as Ansible does).
 */
export function parseAddress(text: string, allowRanges: boolean): Address | undefined {
  const patterns = addressPatterns(allowRanges);
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const inner = bracketed[1] ?? '';
    const ok = isIpv6(inner, allowRanges) || patterns.hostOnly.test(inner);
    if (!ok) return undefined;
    return { host: inner, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  }
  const plain = patterns.hostAndPort.exec(text);
  if (plain) return { host: plain[1] ?? text, port: plain[2] === undefined ? undefined : Number(plain[2]) };
  if (isIpv6(text, allowRanges)) return { host: text };
  return undefined;
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
  const begIsLetter = begText.length === 1 && LETTERS.includes(begText);
  const endIsLetter = endText.length === 1 && LETTERS.includes(endText);
  if (begIsLetter && endIsLetter) {
    const b = LETTERS.indexOf(begText);
    const e = LETTERS.indexOf(endText);
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
