/**
 * The parts of OpenSSH's client config (~/.ssh/config) that decide how a
 * host is reached: Host blocks (patterns with * ? and !negation), `Match all`
 * and `Match host`, Include, and the keys HostName, User, Port, IdentityFile,
 * ProxyJump, ProxyCommand, UserKnownHostsFile, StrictHostKeyChecking,
 * ConnectTimeout, IdentitiesOnly. First value wins, as with ssh; IdentityFile
 * accumulates. Other keys are ignored.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { splitArgs } from './ssh-args.js';

interface Block {
  /** Host patterns; undefined for `Match all` or top-level lines. */
  readonly patterns?: readonly string[];
  readonly neverMatches?: boolean;
  readonly options: ReadonlyArray<readonly [key: string, value: string]>;
}

export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  identitiesOnly?: boolean;
  proxyJump?: string;
  proxyCommand?: string;
  userKnownHostsFiles?: string[];
  strictHostKeyChecking?: string;
  connectTimeout?: number;
}

function patternMatches(pattern: string, host: string): boolean {
  const re = new RegExp(
    `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(host);
}

/** OpenSSH's match_hostname: any positive match, and no negated match. */
export function hostMatchesPatterns(host: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), host)) return false;
    } else if (patternMatches(p, host)) matched = true;
  }
  return matched;
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

export class SshConfig {
  readonly #blocks: Block[];
  readonly #home: string;

  private constructor(blocks: Block[], home: string) {
    this.#blocks = blocks;
    this.#home = home;
  }

  static empty(): SshConfig {
    return new SshConfig([], homedir());
  }

  /** Parses config text; Include is resolved relative to `baseDir` (~/.ssh by default). */
  static parse(text: string, opts: { home?: string; baseDir?: string; file?: string } = {}): SshConfig {
    const home = opts.home ?? homedir();
    const blocks: Block[] = [];
    parseInto(blocks, text, home, opts.baseDir ?? join(home, '.ssh'), 0);
    return new SshConfig(blocks, home);
  }

  /** Reads a config file; a missing file is an empty config. */
  static load(file = join(homedir(), '.ssh', 'config'), home = homedir()): SshConfig {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return new SshConfig([], home);
    }
    return SshConfig.parse(text, { home, baseDir: join(home, '.ssh'), file });
  }

  /** The settings for `host` (the name as given, before HostName). */
  resolve(host: string): SshHostConfig {
    const out: SshHostConfig = { identityFiles: [] };
    const seen = new Set<string>();
    for (const block of this.#blocks) {
      if (block.neverMatches) continue;
      if (block.patterns && !hostMatchesPatterns(host, block.patterns)) continue;
      for (const [key, value] of block.options) {
        if (key === 'identityfile') {
          out.identityFiles.push(value);
          continue;
        }
        if (seen.has(key)) continue;
        seen.add(key);
        applyKey(out, key, value);
      }
    }
    const tokens = (s: string): string =>
      expandHome(
        s.replace(/%([%hdunr])/g, (_, t: string) => {
          switch (t) {
            case '%':
              return '%';
            case 'h':
              return out.hostName ?? host;
            case 'n':
              return host;
            case 'd':
              return this.#home;
            case 'u':
              return userInfo().username;
            case 'r':
              return out.user ?? userInfo().username;
            default:
              return t;
          }
        }),
        this.#home,
      );
    if (out.hostName !== undefined) out.hostName = out.hostName.replace(/%h/g, host).replace(/%%/g, '%');
    out.identityFiles = out.identityFiles.map(tokens);
    if (out.userKnownHostsFiles) out.userKnownHostsFiles = out.userKnownHostsFiles.map(tokens);
    return out;
  }
}

function applyKey(out: SshHostConfig, key: string, value: string): void {
  switch (key) {
    case 'hostname':
      out.hostName = value;
      break;
    case 'user':
      out.user = value;
      break;
    case 'port':
      out.port = Number(value);
      break;
    case 'proxyjump':
      out.proxyJump = value;
      break;
    case 'proxycommand':
      out.proxyCommand = value;
      break;
    case 'userknownhostsfile':
      out.userKnownHostsFiles = splitArgs(value);
      break;
    case 'stricthostkeychecking':
      out.strictHostKeyChecking = value;
      break;
    case 'connecttimeout':
      out.connectTimeout = Number(value);
      break;
    case 'identitiesonly':
      out.identitiesOnly = /^(yes|true)$/i.test(value);
      break;
  }
}

function parseInto(blocks: Block[], text: string, home: string, baseDir: string, depth: number): void {
  let current: { patterns?: string[]; neverMatches?: boolean; options: [string, string][] } = { options: [] };
  blocks.push(current);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    let value = (m[2] as string).trim();
    if (key === 'host') {
      current = { patterns: splitArgs(value), options: [] };
      blocks.push(current);
    } else if (key === 'match') {
      const words = splitArgs(value).map((w) => (w.toLowerCase() === 'all' ? 'all' : w));
      if (words.length === 1 && words[0] === 'all') current = { options: [] };
      else if (words.length === 2 && words[0]?.toLowerCase() === 'host') current = { patterns: (words[1] as string).split(','), options: [] };
      else current = { neverMatches: true, options: [] }; // criteria we cannot evaluate: skip the block
      blocks.push(current);
    } else if (key === 'include') {
      if (depth >= 8) continue;
      for (const pattern of splitArgs(value)) {
        let path = expandHome(pattern, home);
        if (!isAbsolute(path)) path = join(baseDir, path);
        for (const file of globFiles(path)) {
          let inc: string;
          try {
            inc = readFileSync(file, 'utf8');
          } catch {
            continue;
          }
          // Included lines belong to the current block until they open their own.
          const sub: Block[] = [];
          parseInto(sub, inc, home, baseDir, depth + 1);
          const [first, ...rest] = sub;
          if (first) current.options.push(...(first.options as [string, string][]));
          if (rest.length > 0) {
            blocks.push(...rest);
            // ...and after the file, the including block's condition holds again.
            current = {
              ...(current.patterns ? { patterns: current.patterns } : {}),
              ...(current.neverMatches ? { neverMatches: true } : {}),
              options: [],
            };
            blocks.push(current);
          }
        }
      }
    } else {
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"') && key !== 'proxycommand') value = value.slice(1, -1);
      current.options.push([key, value]);
    }
  }
}

/** Expands * and ? in the last path component only (what Include needs in practice). */
function globFiles(path: string): string[] {
  const name = basename(path);
  if (!/[*?]/.test(name)) return [path];
  const dir = dirname(path);
  try {
    return readdirSync(dir)
      .filter((f) => patternMatches(name, f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}
