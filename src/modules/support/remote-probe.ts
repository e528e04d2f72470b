/**
 * One round trip that tells a module what it needs about the host: shell
 * snippets that each print tagged, tab-separated lines (`TAG\tfield...`),
 * joined into one command and parsed here. GNU coreutils' stat, find and
 * base64 are enough; no interpreter is needed on the host.
 */
import { Command, sh } from '../../connection/index.js';
import type { ModuleContext } from '../contract.js';

export type FileType = 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'char' | 'block';

export interface RemoteStat {
  type: FileType;
  /** Permission bits (07777). */
  mode: number;
  uid: number;
  gid: number;
  /** The user's name, or the uid as text when it has none (as Ansible reports it). */
  owner: string;
  group: string;
  size: number;
  inode: number;
  dev: number;
  nlink: number;
  atime: number;
  mtime: number;
  ctime: number;
  blockSize: number;
  blocks: number;
  rdev: number;
}

// %f is the raw mode in hex (type and permission bits); names come last.
const STAT_FIELDS = '%f\\t%u\\t%g\\t%s\\t%i\\t%d\\t%h\\t%.9X\\t%.9Y\\t%.9Z\\t%o\\t%b\\t%t\\t%T\\t%U\\t%G\\n';

/**
 * Prints `TAG\t<stat fields>` or `TAG\tabsent`; `follow` stats the target of a link. `keep` names a
 * shell variable left holding the line (empty when absent), for a later snippet of the same command.
 */
export function statSnippet(tag: string, path: string, follow: boolean, keep?: string): Command {
  const stat = Command.raw(follow ? 'stat -L' : 'stat');
  const format = `${tag}\\t${STAT_FIELDS}`;
  const absent = `${tag}\\tabsent\\n`;
  if (keep === undefined) return sh`{ ${stat} --printf ${format} -- ${path} 2>/dev/null || printf ${absent}; }`;
  const v = Command.raw(keep);
  return sh`{ ${v}=$(${stat} --printf ${format} -- ${path} 2>/dev/null) && printf '%s\\n' "$${v}" || { ${v}=; printf ${absent}; }; }`;
}

/** Prints `TAG\t<text>` with the output of a command whose output is one line. */
export const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The checksum tool's output for a readable regular file, first word only (`sha1sum < file`). */
export function checksumSnippet(tag: string, path: string, algorithm: ChecksumAlgorithm): Command {
  // The sum's first word only: "<hex>  -" is cut by the shell, not by another process.
  return sh`if [ -f ${path} ] && [ -r ${path} ]; then s=$(${Command.raw(`${algorithm}sum`)} < ${path}); printf ${`${tag}\\t%s\\n`} "\${s%% *}"; fi`;
}

export function lineSnippet(tag: string, command: Command): Command {
  return sh`printf ${`${tag}\\t%s\\n`} "$(${command} 2>/dev/null)"`;
}

/**
 * Prints `TAG\t<base64 of what the command prints>` on one line: NUL-ended records (find -printf
 * '...\0') whose last field is a name, which may hold a tab or a newline and would otherwise forge
 * lines of its own making.
 */
export function recordsSnippet(tag: string, command: Command): Command {
  return sh`printf ${`${tag}\\t`}; ${command} 2>/dev/null | base64 -w0; echo`;
}

/** The records of a recordsSnippet line, each split at its tabs (the name, last, may hold tabs too: join the rest). */
export function nulRecords(base64: string | undefined): string[][] {
  const list = Buffer.from(base64 ?? '', 'base64').toString('utf8');
  return list.split('\0').filter((r) => r !== '').map((r) => r.split('\t'));
}

/** Prints `TAG\t<base64 of the file>` when it is a readable file (what the text-editing modules read). */
export function contentSnippet(tag: string, path: string): Command {
  return sh`if [ -f ${path} ] && [ -r ${path} ]; then printf ${`${tag}\\t`}; base64 -w0 < ${path}; echo; fi`;
}

/**
 * Prints the uid (U) and gid (G) a user and group name resolve to, empty
 * when unknown; the shell keeps them in kr_U and kr_G for a converge step
 * that follows in the same command.
 */
export function ownerSnippets(owner: string | undefined, group: string | undefined): Command[] {
  const out: Command[] = [];
  // The third field of the entry, cut by the shell: one process (getent) per lookup.
  const third = (tag: string, db: string, name: string): Command =>
    sh`e=$(getent ${Command.raw(db)} ${name} 2>/dev/null); e=\${e#*:}; e=\${e#*:}; ${Command.raw(`kr_${tag}`)}=\${e%%:*}; printf ${`${tag}\\t%s\\n`} "$${Command.raw(`kr_${tag}`)}"`;
  if (owner !== undefined) out.push(third('U', 'passwd', owner));
  if (group !== undefined) out.push(third('G', 'group', group));
  return out;
}

/** The umask, printed by the shell's builtin (no subshell). */
export function umaskSnippet(): Command {
  return Command.raw("printf 'M\\t'; umask");
}

const TYPES: Record<number, FileType> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'link', 0o010000: 'fifo', 0o140000: 'socket', 0o020000: 'char', 0o060000: 'block' };

export function parseStat(fields: readonly string[]): RemoteStat | undefined {
  // `TAG\tabsent` has one field; a stat line has them all.
  if (fields.length < 16) return undefined;
  const raw = parseInt(fields[0] ?? '0', 16);
  const n = (i: number) => Number(fields[i] ?? '0');
  const name = (i: number, id: number) => (fields[i] === 'UNKNOWN' || fields[i] === undefined ? String(id) : fields[i] ?? '');
  return {
    type: TYPES[raw & 0o170000] ?? 'file',
    mode: raw & 0o7777,
    uid: n(1),
    gid: n(2),
    size: n(3),
    inode: n(4),
    dev: n(5),
    nlink: n(6),
    atime: n(7),
    mtime: n(8),
    ctime: n(9),
    blockSize: n(10),
    blocks: n(11),
    rdev: parseInt(fields[12] ?? '0', 16) * 256 + parseInt(fields[13] ?? '0', 16),
    owner: name(14, n(1)),
    group: name(15, n(2)),
  };
}

/** The tagged lines of a probe: tag -> the fields of each line with that tag. */
export class Probe {
  readonly #lines = new Map<string, string[][]>();
  constructor(readonly stdout: string, readonly stderr: string, readonly rc: number) {
    for (const line of stdout.split('\n')) {
      const fields = line.split('\t');
      const tag = fields.shift();
      if (!tag) continue;
      const list = this.#lines.get(tag) ?? [];
      list.push(fields);
      this.#lines.set(tag, list);
    }
  }
  has(tag: string): boolean {
    return this.#lines.has(tag);
  }
  fields(tag: string): string[] | undefined {
    return this.#lines.get(tag)?.[0];
  }
  /** The text after the tag (tabs kept). */
  text(tag: string): string | undefined {
    return this.fields(tag)?.join('\t');
  }
  all(tag: string): string[][] {
    return this.#lines.get(tag) ?? [];
  }
  stat(tag: string): RemoteStat | undefined {
    const f = this.fields(tag);
    return f ? parseStat(f) : undefined;
  }
  content(tag: string): Buffer | undefined {
    const t = this.text(tag);
    return t === undefined ? undefined : Buffer.from(t, 'base64');
  }
  /** A numeric id from an owner lookup (U or G), undefined when the name is unknown. */
  id(tag: 'U' | 'G'): number | undefined {
    const t = this.text(tag)?.trim();
    return t ? Number(t.split('\n')[0]) : undefined;
  }
  umask(): number {
    return parseInt(this.text('M')?.trim() || '022', 8);
  }
}

/** Runs the snippets as one command (one round trip) and parses what they print. */
export async function probe(ctx: ModuleContext, snippets: readonly Command[]): Promise<Probe> {
  const result = await ctx.run(Command.join(snippets, '; '));
  return new Probe(result.stdout, result.stderr, result.rc);
}
