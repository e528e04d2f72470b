/**
 * The OpenSSH command-line options that Ansible users put in
 * ansible_ssh_common_args / ansible_ssh_extra_args: -J, -o Key=Value
 * (ProxyJump, ProxyCommand, UserKnownHostsFile, StrictHostKeyChecking,
 * User, Port, IdentityFile, ConnectTimeout), -i, -p, -l. Unknown options are
 * kept in `ignored` so the caller may warn about them.
 */
import { UsageError } from '../errors.js';

/** POSIX-like word splitting: whitespace separates, '...' and "..." group, backslash escapes. */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quoteChar: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoteChar === "'") {
      if (c === "'") quoteChar = undefined;
      else cur += c;
    } else if (quoteChar === '"') {
      if (c === '"') quoteChar = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) cur += text[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quoteChar = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quoteChar) throw new UsageError(`unbalanced ${quoteChar} quote in: ${text}`);
  if (inWord) words.push(cur);
  return words;
}

/** A hop of a jump chain: [user@]host[:port]. */
export interface JumpHop {
  host: string;
  user?: string;
  port?: number;
  /** ssh options given for this hop only (from a ProxyCommand `ssh ... -W`). */
  options?: SshArgOptions;
}

export function parseJumpSpec(spec: string): JumpHop[] {
  if (spec.trim().toLowerCase() === 'none') return [];
  return spec.split(',').map((hopText) => {
    let rest = hopText.trim().replace(/^ssh:\/\//, '');
    const hop: JumpHop = { host: '' };
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      hop.user = rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
    if (bracket) {
      hop.host = bracket[1] as string;
      if (bracket[2]) hop.port = Number(bracket[2]);
    } else {
      const m = /^([^:]+)(?::(\d+))?$/.exec(rest);
      if (!m) throw new UsageError(`cannot read jump host "${hopText}"`);
      hop.host = m[1] as string;
      if (m[2]) hop.port = Number(m[2]);
    }
    if (hop.host === '') throw new UsageError(`cannot read jump host "${hopText}"`);
    return hop;
  });
}

/**
 * A ProxyCommand of the form `ssh [opts] -W %h:%p [user@]bastion` becomes a
 * jump hop (served by forwardOut on a pooled connection); any other command
 * stays a command to run locally. The bastion's own options (-i, -p, -l,
 * -o Key=Value, -F) are kept in `hop.options`; -q, -T, -A, -N, -4, -6 are dropped.
 */
export function proxyCommandAsJump(command: string): JumpHop | undefined {
  let words: string[];
  try {
    words = splitArgs(command);
  } catch {
    return undefined;
  }
  const exe = words.shift();
  if (exe === undefined || !/(^|\/)ssh$/.test(exe)) return undefined;
  let target: string | undefined;
  let sawW = false;
  const optionWords: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-W') {
      if (!/^%h:%p$|^\[%h\]:%p$/.test(words[++i] ?? '')) return undefined;
      sawW = true;
    } else if (/^-[ioplF]$/.test(w)) {
      const v = words[++i];
      if (v === undefined) return undefined;
      optionWords.push(w, v);
    } else if (/^-[ioplF]./.test(w)) optionWords.push(w);
    else if (/^-[qTANC46v]+$/.test(w)) continue;
    else if (w.startsWith('-')) return undefined; // options we would have to emulate
    else if (target === undefined) target = w;
    else return undefined; // a remote command: not a plain forwarder
  }
  if (!sawW || target === undefined) return undefined;
  const [hop] = parseJumpSpec(target);
  if (!hop) return undefined;
  if (optionWords.length > 0) {
    const options = parseSshArgWords(optionWords);
    if (options.user !== undefined) hop.user ??= options.user;
    if (options.port !== undefined) hop.port ??= options.port;
    hop.options = options;
  }
  return hop;
}

/** What we take from ssh's command-line options. */
export interface SshArgOptions {
  user?: string;
  port?: number;
  identityFiles: string[];
  jump?: JumpHop[];
  proxyCommand?: string;
  userKnownHostsFiles?: string[];
  strictHostKeyChecking?: string;
  connectTimeout?: number;
  /** -F: the ssh_config file to read instead of ~/.ssh/config. */
  configFile?: string;
  /** Options we do not act on, as given. */
  ignored: string[];
}

/** Applies one `-o Key=Value` (first value wins, as with ssh). */
function applyOption(out: SshArgOptions, key: string, value: string): void {
  switch (key.toLowerCase()) {
    case 'proxyjump':
      out.jump ??= parseJumpSpec(value);
      break;
    case 'proxycommand':
      if (out.proxyCommand === undefined && out.jump === undefined) {
        if (value.trim().toLowerCase() === 'none') out.jump = [];
        else {
          const hop = proxyCommandAsJump(value);
          if (hop) out.jump = [hop];
          else out.proxyCommand = value;
        }
      }
      break;
    case 'userknownhostsfile':
      out.userKnownHostsFiles ??= splitArgs(value);
      break;
    case 'stricthostkeychecking':
      out.strictHostKeyChecking ??= value;
      break;
    case 'user':
      out.user ??= value;
      break;
    case 'port':
      out.port ??= Number(value);
      break;
    case 'identityfile':
      out.identityFiles.push(value);
      break;
    case 'connecttimeout':
      out.connectTimeout ??= Number(value);
      break;
    default:
      out.ignored.push(`-o ${key}=${value}`);
  }
}

/** Parses ansible_ssh_common_args + ansible_ssh_extra_args (in that order). */
export function parseSshArgs(...texts: (string | undefined)[]): SshArgOptions {
  return parseSshArgWords(texts.flatMap((t) => (t ? splitArgs(t) : [])));
}

export function parseSshArgWords(words: readonly string[]): SshArgOptions {
  const out: SshArgOptions = { identityFiles: [], ignored: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const takeValue = (flag: string): string => {
      if (w.length > flag.length) return w.slice(flag.length);
      const v = words[++i];
      if (v === undefined) throw new UsageError(`ssh option ${flag} needs a value`);
      return v;
    };
    if (w.startsWith('-o')) {
      const opt = takeValue('-o');
      const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/s.exec(opt);
      if (!m) throw new UsageError(`cannot read ssh option -o ${opt}`);
      applyOption(out, m[1] as string, (m[2] as string).trim());
    } else if (w.startsWith('-J')) {
      out.jump ??= parseJumpSpec(takeValue('-J'));
    } else if (w.startsWith('-i')) {
      out.identityFiles.push(takeValue('-i'));
    } else if (w.startsWith('-p')) {
      out.port ??= Number(takeValue('-p'));
    } else if (w.startsWith('-F')) {
      out.configFile ??= takeValue('-F');
    } else if (w.startsWith('-l')) {
      out.user ??= takeValue('-l');
    } else {
      out.ignored.push(w);
    }
  }
  return out;
}
