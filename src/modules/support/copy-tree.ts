/**
 * copy with a folder as src: Ansible's rules (`src: dir/` copies what is in
 * it, `src: dir` the folder itself, into dest), in two round trips whatever
 * the number of files: one probe (which folders are missing, the sha1 and
 * attributes of the files that exist), then one exec that receives a tar
 * of the files that differ, unpacks it beside them and renames each into
 * place (a reader never sees half a file), makes the missing folders and
 * fixes attributes. A second run sends nothing.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { quote } from '../../connection/index.js';
import type { LocalTree, ModuleContext, Query, ResultFields } from '../contract.js';
import { chmodOctal, resolveMode, type ModeParam } from './file-mode.js';
import { levelsOf, makeEach } from './make-dirs.js';
import { attributeChanges } from './remote-file.js';
import { sha1 } from './digest.js';
import { tarArchive, type TarFile } from './tar.js';

export interface TreeParams {
  src: string;
  dest: string;
  mode?: ModeParam | undefined;
  directory_mode?: ModeParam | undefined;
  owner?: string | undefined;
  group?: string | undefined;
  force: boolean;
}

export interface TreePlan {
  kind: 'tree';
  base: string;
  makeBase: boolean;
  /** Folders to make, relative to base, parents first. */
  mkdirs: string[];
  send: TarFile[];
  /** Existing files whose mode (when given) or owner/group must change. */
  fix: Array<{ path: string; mode?: number }>;
  directoryMode?: number | undefined;
  owner?: string | undefined;
  group?: string | undefined;
  result: ResultFields;
}

interface Probed {
  notDir: boolean;
  baseExists: boolean;
  missing: Set<string>;
  sums: Map<string, string>;
  attrs: Map<string, { mode: number; owner: string; group: string; uid: number; gid: number }>;
  umask: number;
}

async function probeTree(ctx: ModuleContext, base: string, tree: LocalTree): Promise<Probed> {
  const dirs = tree.dirs.map(quote).join(' ');
  const files = tree.files.map((f) => quote(f.path)).join(' ');
  const b = quote(base);
  const script = [
    `if [ -e ${b} ] && [ ! -d ${b} ]; then echo NOTDIR; exit 0; fi`,
    `printf 'U '; umask`,
    `if [ -d ${b} ]; then cd ${b} || exit`,
    dirs ? `  for x in ${dirs}; do [ -d "$x" ] || printf 'M %s\\n' "$x"; done` : '  :',
    files ? `  sha1sum -- ${files} 2>/dev/null; stat -L -c 'S %a|%U|%G|%u|%g|%n' -- ${files} 2>/dev/null` : '  :',
    'else echo NOBASE; fi',
    'exit 0',
  ].join('\n');
  const r = await ctx.run(script);
  if (r.rc !== 0) throw new Error(`cannot look at ${base}: ${r.stderr.trim()}`);
  const probed: Probed = { notDir: false, baseExists: true, missing: new Set(), sums: new Map(), attrs: new Map(), umask: 0o022 };
  for (const line of r.stdout.split('\n')) {
    if (line === 'NOTDIR') probed.notDir = true;
    else if (line === 'NOBASE') probed.baseExists = false;
    else if (line.startsWith('U ')) probed.umask = parseInt(line.slice(2), 8);
    else if (line.startsWith('M ')) probed.missing.add(line.slice(2));
    else if (line.startsWith('S ')) {
      const [mode = '', owner = '', group = '', uid = '', gid = '', ...name] = line.slice(2).split('|');
      probed.attrs.set(name.join('|'), { mode: parseInt(mode, 8), owner, group, uid: Number(uid), gid: Number(gid) });
    } else {
      const sum = /^([0-9a-f]{40}) {2}(.*)$/.exec(line);
      if (sum) probed.sums.set(sum[2] ?? '', sum[1] ?? '');
    }
  }
  return probed;
}

/** What copying `tree` to dest would do. */
export async function planTree(ctx: ModuleContext, tree: LocalTree, p: TreeParams): Promise<Query<TreePlan>> {
  const base = p.src.endsWith('/') ? p.dest : posix.join(p.dest, posix.basename(p.src));
  // Ansible registers a folder's dest with a trailing slash.
  const result: ResultFields = { dest: p.dest.endsWith('/') ? p.dest : `${p.dest}/`, src: p.src.endsWith('/') && !tree.root.endsWith('/') ? `${tree.root}/` : tree.root };
  const probed = await probeTree(ctx, base, tree);
  if (probed.notDir) throw new Error(`dest ${base} exists and is not a directory`);
  // preserve: each file gets its source's mode.
  const fileMode = (source: number, current: number | undefined): number | undefined =>
    p.mode === undefined ? current : p.mode === 'preserve' ? source : resolveMode(p.mode, current ?? 0o666 & ~probed.umask, false, probed.umask);
  const send: TarFile[] = [];
  const fix: TreePlan['fix'] = [];
  for (const file of tree.files) {
    const attrs = probed.baseExists ? probed.attrs.get(file.path) : undefined;
    if (!attrs) {
      send.push({ path: file.path, content: file.content, mode: fileMode(file.mode, undefined) ?? 0o666 & ~probed.umask });
      continue;
    }
    if (!p.force) continue;
    const mode = fileMode(file.mode, attrs.mode) ?? attrs.mode;
    // A replaced file keeps its mode unless one is asked for (as Ansible's atomic move keeps it).
    if (probed.sums.get(file.path) !== sha1(file.content)) send.push({ path: file.path, content: file.content, mode });
    else if (mode !== attrs.mode || attributeChanges({ exists: true, isDir: false, ...attrs, mode: undefined }, { owner: p.owner, group: p.group }).length > 0) fix.push({ path: file.path, ...(mode !== attrs.mode ? { mode } : {}) });
  }
  const mkdirs = probed.baseExists ? tree.dirs.filter((d) => probed.missing.has(d)) : [...tree.dirs];
  const directoryMode = p.directory_mode === undefined ? undefined : resolveMode(p.directory_mode, 0o777 & ~probed.umask, true, probed.umask);
  const plan: TreePlan = { kind: 'tree', base, makeBase: !probed.baseExists, mkdirs, send, fix, directoryMode, owner: p.owner, group: p.group, result };
  if (!plan.makeBase && mkdirs.length === 0 && send.length === 0 && fix.length === 0) return { changed: false, reason: `${base} holds every file as asked`, result };
  const parts = [plan.makeBase ? `make ${base}` : '', mkdirs.length ? `${mkdirs.length} folders to make` : '', send.length ? `${send.length} files to send` : '', fix.length ? `${fix.length} files' attributes to fix` : ''];
  return { changed: true, reason: parts.filter(Boolean).join(', '), plan, result };
}

/** Makes the plan: folders, then the files (unpacked beside their place, renamed into it), then attribute fixes. */
export async function applyTree(ctx: ModuleContext, plan: TreePlan): Promise<ResultFields> {
  const b = quote(plan.base);
  const stage = `${plan.base}/.kr-stage-${randomBytes(6).toString('hex')}`;
  const s = quote(stage);
  const chown = plan.owner !== undefined || plan.group !== undefined ? `${plan.owner ?? ''}${plan.group !== undefined ? `:${plan.group}` : ''}` : undefined;
  const lines = ['set -e'];
  // Each missing level of dest and each new folder of the tree get directory_mode and the owner, as the file module Ansible runs for them.
  const dirs = [...(plan.makeBase ? levelsOf(plan.base) : []), ...plan.mkdirs.map((d) => `${plan.base}/${d}`)];
  lines.push(makeEach(dirs, { mode: plan.directoryMode, owner: plan.owner, group: plan.group }));
  if (plan.send.length > 0) {
    lines.push(`trap 'rm -rf ${s.replaceAll("'", "'\\''")}' EXIT`, `mkdir -m 0700 -- ${s}`, `tar -x -p --no-same-owner -C ${s} -f -`);
    if (chown) lines.push(`(cd ${s} && chown ${quote(chown)} -- ${plan.send.map((f) => quote(f.path)).join(' ')})`);
    const byDir = new Map<string, string[]>();
    for (const f of plan.send) {
      const dir = posix.dirname(f.path);
      byDir.set(dir, [...(byDir.get(dir) ?? []), posix.basename(f.path)]);
    }
    for (const [dir, names] of byDir) {
      const rel = dir === '.' ? '' : `/${dir}`;
      lines.push(`(cd ${quote(stage + rel)} && mv -f -- ${names.map(quote).join(' ')} ${quote(`${plan.base}${rel}/`)})`);
    }
  }
  if (plan.fix.length > 0) {
    lines.push(`cd ${b}`);
    const byMode = new Map<number, string[]>();
    for (const f of plan.fix) if (f.mode !== undefined) byMode.set(f.mode, [...(byMode.get(f.mode) ?? []), quote(f.path)]);
    for (const [mode, paths] of byMode) lines.push(`chmod ${chmodOctal(mode)} -- ${paths.join(' ')}`);
    if (chown) lines.push(`chown ${quote(chown)} -- ${plan.fix.map((f) => quote(f.path)).join(' ')}`);
  }
  const r = await ctx.run(lines.join('\n'), plan.send.length > 0 ? { stdin: tarArchive(plan.send) } : {});
  if (r.rc !== 0) return { ...plan.result, failed: true, changed: false, msg: r.stderr.trim() || `copy into ${plan.base} failed (rc ${r.rc})` };
  return { ...plan.result, changed: true };
}
