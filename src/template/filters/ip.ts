/**
 * IP addresses as Python's ipaddress.ip_address reads and prints them
 * (strict dotted quads, IPv6 compressed as str() gives it), for the
 * filters that validate or reformat addresses.
 */
import { TemplateError } from '../values.js';

export interface IpAddress {
  version: 4 | 6;
  /** IPv4: 4 octets; IPv6: 8 hextets. */
  parts: number[];
  /** As str(ip_address(...)) prints it. */
  text: string;
}

function parseV4(text: string): number[] | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  const out: number[] = [];
  for (const o of octets) {
    // Python refuses leading zeros (ambiguous octal) and more than 3 digits.
    if (!/^\d{1,3}$/.test(o) || (o.length > 1 && o.startsWith('0'))) return undefined;
    const n = Number(o);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** The groups of one side of '::'; a dotted quad only as the last group of the address (lastV4). */
function hextets(text: string, lastV4: boolean): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  const groups = text.split(':');
  for (const [i, g] of groups.entries()) {
    if (lastV4 && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseV4(g);
      if (v4 === undefined) return undefined;
      out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  const double = text.split('::');
  if (double.length > 2) return undefined;
  if (double.length === 1) {
    const all = hextets(text, true);
    return all?.length === 8 ? all : undefined;
  }
  const head = hextets(double[0] ?? '', false);
  const tail = hextets(double[1] ?? '', true);
  if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** Python's IPv6 str(): the longest run of two or more zero hextets (the first among equals) becomes '::'. */
function compressV6(parts: readonly number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < parts.length; ) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (parts[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = parts.map((p) => p.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** ipaddress.ip_address(text); undefined where Python raises ValueError. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { version: 4, parts: v4, text: v4.join('.') };
  // As Python: a scope after the first '%', not empty, with no other '%'; no '/' anywhere.
  const [addr = '', scope, ...more] = text.split('%');
  if (scope === '' || more.length > 0 || text.includes('/') || !addr.includes(':')) return undefined;
  const v6 = parseV6(addr);
  if (v6 === undefined) return undefined;
  return { version: 6, parts: v6, text: compressV6(v6) + (scope === undefined ? '' : `%${scope}`) };
}

/** ip.exploded for IPv6: eight four-digit hextets. */
export function ipv6Exploded(ip: IpAddress): string {
  return ip.parts.map((p) => p.toString(16).padStart(4, '0')).join(':');
}

/** ip_address(text).is_loopback (127.0.0.0/8, ::1); raises as Python does for a non-address. */
export function isLoopbackAddress(text: string): boolean {
  const ip = parseIpAddress(text);
  if (ip === undefined) throw new TemplateError(`'${text}' does not appear to be an IPv4 or IPv6 address`);
  return ip.version === 4 ? ip.parts[0] === 127 : ip.parts.slice(0, 7).every((p) => p === 0) && ip.parts[7] === 1;
}
