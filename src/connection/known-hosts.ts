/**
 * OpenSSH known_hosts files: parsing (plain, hashed |1|salt|hash, [host]:port,
 * wildcard and negated patterns, @revoked and @cert-authority markers), the
 * check of a presented host key, and recording a new key (accept-new).
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type KnownHostMarker = 'revoked' | 'cert-authority';

export interface KnownHostEntry {
  readonly file: string;
  readonly line: number;
  readonly marker?: KnownHostMarker;
  /** Comma-separated host patterns as written, or the hashed form. */
  readonly hosts: string;
  readonly keyType: string;
  /** The key blob (SSH wire format), decoded from base64. */
  readonly key: Buffer;
}

/** Parses one known_hosts file's text; malformed lines are skipped as OpenSSH does. */
export function parseKnownHosts(text: string, file = '<known_hosts>'): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostMarker | undefined;
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // unknown marker: ignore the line
    }
    const [hosts, keyType, b64] = fields;
    if (hosts === undefined || keyType === undefined || b64 === undefined) return;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    if (keyBlobType(key) !== keyType) return; // corrupt or mismatched line
    entries.push({ file, line: i + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  });
  return entries;
}

/** The key type named inside an SSH public key blob ("ssh-ed25519", "ssh-rsa", ...). */
export function keyBlobType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  return blob.toString('latin1', 4, 4 + len);
}

/** SHA256 fingerprint as OpenSSH prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The name a host is recorded under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** Compiled glob patterns: every connection of a run checks the same entries. */
const globCache = new Map<string, RegExp>();

/** Glob match with * and ? as in OpenSSH's match_pattern (case-insensitive). */
function globMatch(text: string, pattern: string): boolean {
  // Most entries are plain names: compare them without a RegExp.
  if (!pattern.includes('*') && !pattern.includes('?')) return text.toLowerCase() === pattern.toLowerCase();
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    globCache.set(pattern, re);
  }
  return re.test(text);
}

function hashedMatch(name: string, hashed: string): boolean {
  // |1|base64(salt)|base64(HMAC-SHA1(salt, name))
  const parts = hashed.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const want = parts[3] ?? '';
  return createHmac('sha1', salt).update(name).digest('base64') === want;
}

/** Does the entry's host field name `host` on `port`? Negated patterns veto. */
export function entryMatches(hosts: string, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (hosts.startsWith('|')) return hashedMatch(name, hosts);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern === '') continue;
    const negated = pattern.startsWith('!');
    const p = (negated ? pattern.slice(1) : pattern).toLowerCase();
    // A pattern for another port never matches; a bare pattern only matches port 22.
    if (globMatch(name, p)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** OpenSSH's key type names -> the host key algorithms that use that key. */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}

export type HostKeyCheck =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; known: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

/** Compares a presented key with the entries recorded for a host. */
export function checkHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyCheck {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && entryMatches(e.hosts, host, port));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const trusted = forHost.filter((e) => e.marker === undefined);
  const same = trusted.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  if (trusted.length > 0) return { status: 'changed', known: trusted };
  return { status: 'unknown' };
}

/** One line to append for a newly accepted key (plain host name, not hashed). */
export function formatKnownHostLine(host: string, port: number, key: Buffer): string {
  const type = keyBlobType(key) ?? 'unknown';
  return `${knownHostName(host, port)} ${type} ${key.toString('base64')}\n`;
}

/**
 * The entries of some known_hosts files, looked up by host: plain names are indexed, and only
 * hashed, wildcard and negated entries are tried one by one. Hundreds of hosts each look
 * themselves up in a known_hosts of hundreds of lines.
 */
class KnownHostsIndex {
  readonly #byName = new Map<string, number[]>();
  /** Positions of the entries that need matching (hashed, wildcard, negated). */
  readonly #scanned: number[] = [];

  constructor(readonly entries: readonly KnownHostEntry[]) {
    entries.forEach((e, i) => {
      if (/[|*?!]/.test(e.hosts)) {
        this.#scanned.push(i);
        return;
      }
      for (const name of new Set(e.hosts.toLowerCase().split(','))) {
        if (name === '') continue;
        const list = this.#byName.get(name);
        if (list) list.push(i);
        else this.#byName.set(name, [i]);
      }
    });
  }

  /** The entries naming host:port (any marker), in file order. */
  matching(host: string, port: number): KnownHostEntry[] {
    const exact = this.#byName.get(knownHostName(host, port)) ?? [];
    const scanned = this.#scanned.filter((i) => entryMatches((this.entries[i] as KnownHostEntry).hosts, host, port));
    return [...exact, ...scanned].sort((a, b) => a - b).map((i) => this.entries[i] as KnownHostEntry);
  }
}

/**
 * The known_hosts files of a run, read once and shared by every connection;
 * keys accepted during the run are added both to memory and to the file.
 */
export class KnownHostsStore {
  readonly #files = new Map<string, Promise<KnownHostEntry[]>>();
  /** One index per list of files (a host's settings name its files), rebuilt after an add. */
  readonly #indexes = new Map<string, Promise<KnownHostsIndex>>();

  async entries(files: readonly string[]): Promise<KnownHostEntry[]> {
    const lists = await Promise.all(files.map((f) => this.#load(f)));
    return lists.flat();
  }

  #load(file: string): Promise<KnownHostEntry[]> {
    let p = this.#files.get(file);
    if (!p) {
      p = readFile(file, 'utf8').then(
        (text) => parseKnownHosts(text, file),
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EACCES') return [];
          throw err;
        },
      );
      this.#files.set(file, p);
    }
    return p;
  }

  #index(files: readonly string[]): Promise<KnownHostsIndex> {
    const id = files.join('\0');
    let p = this.#indexes.get(id);
    if (!p) {
      p = this.entries(files).then((entries) => new KnownHostsIndex(entries));
      this.#indexes.set(id, p);
    }
    return p;
  }

  async check(files: readonly string[], host: string, port: number, key: Buffer): Promise<HostKeyCheck> {
    return checkHostKey((await this.#index(files)).matching(host, port), host, port, key);
  }

  /** Key types recorded for a host, in file order (to negotiate that algorithm). */
  async keyTypes(files: readonly string[], host: string, port: number): Promise<string[]> {
    const types: string[] = [];
    for (const e of (await this.#index(files)).matching(host, port)) {
      if (e.marker === undefined && !types.includes(e.keyType)) types.push(e.keyType);
    }
    return types;
  }

  /** Records a new host key in `file` (creating it and its folder if needed). */
  async add(file: string, host: string, port: number, key: Buffer): Promise<void> {
    const line = formatKnownHostLine(host, port, key);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await appendFile(file, line, { mode: 0o600 });
    const list = await this.#load(file);
    list.push(...parseKnownHosts(line, file).map((e) => ({ ...e, line: list.length + 1 })));
    this.#indexes.clear();
  }
}
