/**
 * file: a path's state (file, directory, touch, absent, link, hard) and its
 * owner, group and mode, with Ansible's rules and messages (modules/file.py).
 * Query: one probe (lstat, stat, link, realpath, src, tree, ids, umask).
 * Apply: one script of mkdir/ln/rm/chown/chmod/touch words, then the
 * path's info printed for the result (add_path_info).
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { Command, quote, sh } from '../connection/index.js';
import { defineModule, settle, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { boolish, withAliases } from './support/aliases.js';
import { andThen, attrChange, attrCommands, attrFields, attrSnippets, resolveIds, type AttrChange, type Ids } from './support/file-attrs.js';
import { attrConvergeStep, convergedRc, KEPT_STAT } from './support/attr-converge.js';
import { dropInheritedSetgid, levelsOf } from './support/make-dirs.js';
import { isAbsoluteMode, resolveMode } from './support/file-mode.js';
import { TIME_FORMAT, timeChange, timeSnippets, treeChanges, treeSnippets } from './support/file-tree.js';
import { pathInfo, pathInfoSnippets, probedPathInfo } from './support/path-info.js';
import { bytesRepr } from './support/python-text.js';
import { lineSnippet, Probe, probe, statSnippet, type RemoteStat } from './support/remote-probe.js';
import { firstError, runScript } from './support/run-script.js';

const STATES = ['absent', 'directory', 'file', 'hard', 'link', 'touch'] as const;
type State = (typeof STATES)[number] | 'absent';
const timeParam = z.string().refine((t) => t === 'now' || t === 'preserve' || TIME_FORMAT.test(t), { message: "must be 'now', 'preserve' or a time as %Y%m%d%H%M.%S" });
const defaultFormat = z.literal('%Y%m%d%H%M.%S').optional();

export const fileParams = withAliases(
  { dest: 'path', name: 'path', attr: 'attributes' },
  z
    .object({
      path: z.string().min(1),
      state: z.enum(STATES).optional(),
      recurse: boolish.default(false),
      force: boolish.default(false),
      follow: boolish.default(true),
      src: z.string().min(1).optional(),
      modification_time: timeParam.optional(),
      modification_time_format: defaultFormat,
      access_time: timeParam.optional(),
      access_time_format: defaultFormat,
      ...attrFields,
    })
    .strict(),
);
export type FileParams = z.infer<typeof fileParams>;

interface Plan {
  script: Command;
  /** The key Ansible names the path by in this state's result (touch, link and hard say dest). */
  key: 'path' | 'dest';
  result: ResultFields;
  /** A change that check mode reports and a real run fails with this result, running nothing. */
  fails?: ResultFields;
}

type Diff = { before: Record<string, unknown>; after: Record<string, unknown> };

/** The path's stat with links followed: the probe stats a link's target only when the path is a link. */
function followedStat(pr: Probe): RemoteStat | undefined {
  const lstat = pr.stat('S');
  return lstat?.type === 'link' ? pr.stat('F') : lstat;
}

function stateOf(lstat: RemoteStat | undefined, st: RemoteStat | undefined): State {
  if (!lstat) return 'absent';
  if (lstat.type === 'link') return 'link';
  if (lstat.type === 'directory') return 'directory';
  return st && st.nlink > 1 ? 'hard' : 'file';
}

function fail(msg: string, extra: ResultFields = {}): Query<Plan> {
  return { changed: false, reason: msg, result: { failed: true, msg, ...extra } };
}

/** The owner/mode/time changes on `target` (whose stat is `st`), merged into the diff. */
function attrsAndTimes(p: FileParams, target: string, st: RemoteStat, ids: Ids, pr: Probe, state: State, diff: Diff, extra: AttrChange[] = []): Command[] {
  const commands: Command[] = [];
  const change = attrChange(target, st, ids, p.mode, pr.umask());
  for (const c of change ? [change, ...extra] : extra) {
    commands.push(...attrCommands(c));
  }
  if (change) Object.assign(diff.before, change.before, { path: diff.before.path }), Object.assign(diff.after, change.after, { path: diff.after.path });
  const keep = state === 'touch' ? 'now' : 'preserve';
  const times = timeChange(target, st, p.modification_time ?? keep, p.access_time ?? keep, pr);
  if (times) {
    commands.push(...times.commands);
    Object.assign(diff.before, times.before), Object.assign(diff.after, times.after);
  }
  return commands;
}

/** A new path's attributes: everything the parameters ask for is set (its owner is the connecting user's). */
function newAttrs(p: FileParams, path: string, ids: Ids, isDir: boolean, umask: number): Command[] {
  const base = (isDir ? 0o777 : 0o666) & ~umask;
  const mode = p.mode === undefined ? undefined : resolveMode(p.mode, base, isDir, umask);
  const commands = attrCommands({ path, link: false, before: {}, after: {}, ...(ids.uid !== undefined ? { uid: ids.uid } : {}), ...(ids.gid !== undefined ? { gid: ids.gid } : {}), ...(mode !== undefined && mode !== base ? { mode } : {}) });
  if (isDir && mode === base) commands.push(Command.raw(dropInheritedSetgid(quote(path), mode)));
  return commands;
}

function change(reason: string, commands: Command[], key: 'path' | 'dest', result: ResultFields, diff: Diff, current: ResultFields, fails?: ResultFields): Query<Plan> {
  const script = andThen(commands);
  return { changed: true, reason, plan: { script, key, result: { ...result, diff }, ...(fails ? { fails } : {}) }, before: diff.before, after: diff.after, result: { ...result, ...current, diff } };
}

async function queryFile(p: FileParams, ctx: ModuleContext): Promise<Query<Plan>> {
  const q = await intoDirectory(p, ctx);
  return decide(q, await probe(ctx, probeSnippets(q)));
}

/**
 * Ansible's first rule: with a src, a path that is a directory stands for
 * the src's name inside it (unless the state is link or absent). Read
 * apart, and only when a src is given outside those states.
 */
async function intoDirectory(p: FileParams, ctx: ModuleContext): Promise<FileParams> {
  if (p.src === undefined || p.state === 'link' || p.state === 'absent') return p;
  const pr = await probe(ctx, [sh`[ -d ${p.path} ] && echo INTO`]);
  return pr.has('INTO') ? { ...p, path: posix.join(p.path, posix.basename(p.src)) } : p;
}

/** What the query reads: the path, a link's target, the ids named, the umask, and what the state needs. */
function probeSnippets(p: FileParams): Command[] {
  const path = p.path;
  const linkDir = posix.dirname(path);
  const snippets = [
    statSnippet('S', path, false, KEPT_STAT),
    // What only a link has (its target's stat, its text, its real path): a plain path needs no more processes.
    Command.join([sh`if [ -L ${path} ]; then`, statSnippet('F', path, true), Command.raw(';'), lineSnippet('L', sh`readlink -- ${path}`), Command.raw(';'), lineSnippet('R', sh`readlink -f -- ${path}`), Command.raw("; else printf 'L\\t\\n'; fi")]),
    ...attrSnippets(p), ...timeSnippets(p.modification_time, p.access_time),
  ];
  // Only a directory turned into a symbolic link needs to know whether it is empty (queryLink; hard never reads it).
  if (p.state === 'link') snippets.push(sh`[ -d ${path} ] && [ -z "$(ls -A -- ${path} 2>/dev/null)" ] && echo EMPTY`);
  if (p.src !== undefined) snippets.push(statSnippet('X', posix.resolve(linkDir, p.src), true), statSnippet('XD', posix.resolve(path, p.src), true), statSnippet('XH', p.src, true));
  if (p.recurse) snippets.push(...treeSnippets(path, p.follow));
  return snippets;
}

/** The query's answer from what the probe printed (before any change a converge made). */
function decide(p: FileParams, pr: Probe): Query<Plan> {
  const path = p.path;
  const lstat = pr.stat('S');
  const st = followedStat(pr);
  const prev = stateOf(lstat, st);
  const state: State = p.state ?? (prev !== 'absent' ? prev : p.recurse ? 'directory' : 'file');
  const info = pathInfo(lstat, st);
  // Checked once the state is known, as Ansible does: a missing state stands for the path's own.
  if (p.recurse && state !== 'directory') return fail("recurse option requires state to be 'directory'", { path, ...info });
  if (p.src !== undefined && state !== 'link' && state !== 'hard') return fail("src option requires state to be 'link' or 'hard'", { path, ...info });
  const ids = resolveIds(p, pr);
  if ('error' in ids) return fail(ids.error, { path, ...info });
  const diff: Diff = { before: { path }, after: { path } };
  if (prev !== state) [diff.before.state, diff.after.state] = [prev, state];
  // With follow, a link stands for its target (Ansible's load_file_common_arguments uses the realpath).
  const followed = p.follow && prev === 'link' && (state === 'file' || state === 'directory' || state === 'touch');
  const target = followed ? pr.text('R') ?? path : path;
  const targetStat = followed ? st : lstat;
  const targetState = followed ? stateOf(st, st) : prev;

  // Results that name the target report its info: add_path_info stats the path a result names.
  const targetInfo = followed ? pathInfo(targetStat, targetStat) : info;
  const answer = queryState(p, pr, { state, prev, ids, diff, info, target, targetStat, targetState, targetInfo });
  // A failure that names the path gets its info too (fail_json goes through add_path_info); one that names
  // the link's target (followed: "TARGET already exists as a file") gets the target's, as add_path_info stats that path.
  const r = answer.result;
  if (answer.changed || r?.failed !== true) return answer;
  const named = r.path ?? r.dest;
  if (named === path) return { ...answer, result: { ...r, ...info } };
  if (named === target) return { ...answer, result: { ...r, ...targetInfo } };
  return answer;
}

interface Seen {
  state: State;
  prev: State;
  ids: Ids;
  diff: Diff;
  info: ResultFields;
  target: string;
  targetStat: RemoteStat | undefined;
  targetState: State;
  /** The target's info (the path's own unless a link is followed). */
  targetInfo: ResultFields;
}

function queryState(p: FileParams, pr: Probe, seen: Seen): Query<Plan> {
  const { state, prev, ids, diff, info, target, targetStat, targetState, targetInfo } = seen;
  const path = p.path;
  switch (state) {
    case 'absent': {
      if (prev === 'absent') return { changed: false, reason: `${path} is absent`, result: { path, state: 'absent' } };
      return change(`would remove ${path}`, [prev === 'directory' ? sh`rm -rf -- ${path}` : sh`rm -f -- ${path}`], 'path', { path, state: 'absent' }, diff, info);
    }
    case 'file': {
      if (targetState !== 'file' && targetState !== 'hard') return fail(`file (${target}) is ${targetState}, cannot continue`, { path: target, state: targetState });
      const commands = attrsAndTimes(p, target, targetStat as RemoteStat, ids, pr, state, diff);
      if (commands.length === 0) return { changed: false, reason: `${target} is as wanted`, result: { path: target, diff, ...targetInfo } };
      return change(`would change ${target}`, commands, 'path', { path: target }, diff, targetInfo);
    }
    case 'directory': {
      if (targetState === 'absent') {
        const umask = pr.umask();
        const commands = levelsOf(target).map((dir) => {
          // mkdir first, test after: another task creating the same parent at once is not an error.
          const attrs = Command.raw(newAttrs(p, dir, ids, true, umask).map((c) => ` && ${c.toShell()}`).join(''));
          return sh`{ if mkdir -- ${dir} 2>/dev/null; then :${attrs}; elif [ ! -d ${dir} ]; then mkdir -- ${dir}; fi; }`;
        });
        return change(`would create ${target}`, commands, 'path', { path: target }, diff, {});
      }
      if (targetState !== 'directory') return fail(`${target} already exists as a ${targetState}`, { path: target });
      const tree = p.recurse ? treeChanges(pr, ids, p.mode, pr.umask()) : [];
      const commands = attrsAndTimes(p, target, targetStat as RemoteStat, ids, pr, state, diff, tree);
      if (commands.length === 0) return { changed: false, reason: `${target} is as wanted`, result: { path: target, diff, ...targetInfo } };
      return change(`would change ${target}${tree.length > 0 ? ` and ${tree.length} entries under it` : ''}`, commands, 'path', { path: target }, diff, targetInfo);
    }
    case 'touch': {
      if (targetState === 'absent') {
        return change(`would create ${target}`, [sh`touch -- ${target}`, ...newAttrs(p, target, ids, false, pr.umask())], 'dest', { dest: path }, diff, {});
      }
      // The times and attributes go to a link's target; the result names the path given (Ansible's execute_touch).
      const commands = attrsAndTimes(p, target, targetStat as RemoteStat, ids, pr, state, diff);
      if (commands.length === 0) return { changed: false, reason: `${target} keeps its times`, result: { dest: path, diff, ...info } };
      return change(`would touch ${target}`, commands, 'dest', { dest: path }, diff, info);
    }
    case 'link':
      return queryLink(p, pr, prev, ids, diff, info);
    case 'hard':
      return queryHard(p, pr, prev, ids, diff, info);
  }
}

function queryLink(p: FileParams, pr: Probe, prev: State, ids: Ids, diff: Diff, info: ResultFields): Query<Plan> {
  const path = p.path;
  const src = p.src ?? (p.follow && prev === 'link' && followedStat(pr) ? pr.text('L') : undefined);
  // A relative src is relative to the link's folder (or to the path itself when that is a real directory).
  const inDir = prev === 'directory';
  const srcStat = p.src === undefined ? followedStat(pr) : pr.stat(inDir ? 'XD' : 'X');
  const absrc = src === undefined ? undefined : posix.resolve(inDir ? path : posix.dirname(path), src);
  const result = { dest: path, src: src ?? null };
  if (!p.force && p.src !== undefined && !srcStat) return fail(`src file does not exist, use "force=yes" if you really want to create the link: ${absrc}`, { path, src });
  if (prev === 'directory') {
    if (!p.force) return fail(`refusing to convert from directory to symlink for ${path}`, { path });
    if (!pr.has('EMPTY')) return fail(`the directory ${path} is not empty, refusing to convert it`, { path });
  } else if ((prev === 'file' || prev === 'hard') && !p.force) return fail(`refusing to convert from ${prev} to symlink for ${path}`, { path });
  const commands: Command[] = [];
  if (prev !== 'link') {
    if (src === undefined) return fail('src is required for creating new symlinks');
    commands.push(replaceWith(sh`ln -s -- ${src}`, path, prev));
  } else if (src !== undefined && pr.text('L') !== src) {
    [diff.before.src, diff.after.src] = [pr.text('L'), src];
    commands.push(replaceWith(sh`ln -s -- ${src}`, path, prev));
  }
  // Owner and mode go to the target when following (and it exists), else to the link itself.
  if (p.follow) {
    if (srcStat) commands.push(...attrsAndTimes(p, path, srcStat, ids, pr, 'link', diff));
  } else {
    const own = prev === 'link' && commands.length === 0 ? pr.stat('S') : undefined;
    const c = own ? attrChange(path, own, ids, undefined, 0) : ids.uid !== undefined || ids.gid !== undefined ? { path, link: true, before: {}, after: {}, ...ids } : undefined;
    if (c) commands.push(...attrCommands({ ...c, link: true }));
  }
  if (commands.length === 0) return { changed: false, reason: `${path} links to ${src}`, result: { ...result, diff, ...info } };
  return change(`would link ${path} to ${src}`, commands, 'dest', result, diff, prev === 'absent' ? {} : info);
}

function queryHard(p: FileParams, pr: Probe, prev: State, ids: Ids, diff: Diff, info: ResultFields): Query<Plan> {
  const path = p.path;
  const src = p.src;
  const result = { dest: path, src: src ?? null };
  if (prev !== 'hard' && src === undefined) return fail('src is required for creating new hardlinks');
  const srcStat = pr.stat('XH');
  if (src !== undefined && !srcStat) return fail('src does not exist', result);
  const st = followedStat(pr);
  let relink = false;
  if (prev === 'absent') relink = true;
  else if (prev === 'link') {
    if (pr.text('L') !== src) [diff.before.src, diff.after.src, relink] = [pr.text('L'), src, true];
  } else if (prev === 'hard') {
    if (srcStat && st && st.inode !== srcStat.inode) {
      if (!p.force) return fail('Cannot link, different hard link exists at destination', result);
      relink = true;
    }
  } else if (prev === 'file') {
    if (!p.force) return fail(`Cannot link, ${prev} exists at destination`, result);
    relink = true;
  } else if (prev === 'directory') {
    if (!p.force) return fail('Cannot link: different hard link exists at destination', result);
    // Ansible links under a temporary name and renames that over the folder, which Linux refuses:
    // check mode says changed, a real run fails naming the folder, empty or not.
    const fails = { failed: true, changed: false, msg: `Error while replacing: [Errno 21] Is a directory: ${bytesRepr(path)}`, path, ...info };
    return change(`would link ${path} to ${src}`, [], 'dest', result, diff, info, fails);
  }
  const commands: Command[] = relink && src !== undefined ? [replaceWith(sh`ln -- ${src}`, path, prev)] : [];
  const attrTarget = relink ? srcStat : st;
  if (attrTarget) commands.push(...attrsAndTimes(p, path, attrTarget, ids, pr, 'hard', diff));
  if (commands.length === 0) return { changed: false, reason: `${path} is a hard link to ${src}`, result: { ...result, diff, ...info } };
  return change(`would link ${path} to ${src}`, commands, 'dest', result, diff, prev === 'absent' ? {} : info);
}

/** Makes the link under a temporary name and renames it over the path (atomic, as Ansible does). */
function replaceWith(link: Command, path: string, prev: State): Command {
  if (prev === 'absent') return sh`${link} ${path}`;
  const tmp = posix.join(posix.dirname(path), `.${posix.basename(path).slice(0, 100)}.kr${process.pid}.tmp`);
  const rmdir = prev === 'directory' ? sh`rmdir -- ${path} && ` : Command.raw('');
  return sh`{ ${rmdir}${link} ${tmp} && mv -Tf -- ${tmp} ${path} || { rm -f -- ${tmp}; false; }; }`;
}

async function applyPlan(plan: Plan, ctx: ModuleContext): Promise<ResultFields> {
  if (plan.fails) return plan.fails;
  const path = String(plan.result[plan.key]);
  const script = Command.join([Command.raw('{'), plan.script, Command.raw('; } && { rc=0; } || rc=$?;'), pathInfoSnippets(path), Command.raw('; exit $rc')]);
  const result = await runScript(ctx, script);
  if (result.rc !== 0) return { failed: true, changed: false, msg: firstError(result.stderr, `file: exit ${result.rc}`), path };
  return { ...plan.result, changed: true, ...probedPathInfo(new Probe(result.stdout, result.stderr, result.rc)) };
}

/**
 * Ordinary runs: the query's probe, then in the same command the shell
 * makes the common changes itself (a missing directory, owner and mode of
 * what is there: support/attr-converge.ts). The answer is still decided
 * here from the probe, taken before any change; what the shell left (a
 * link, a hard link, a state change) is applied as query-then-apply would.
 */
async function convergeFile(given: FileParams, ctx: ModuleContext): Promise<ResultFields> {
  const p = await intoDirectory(given, ctx);
  const step = convergeStep(p);
  const snippets = probeSnippets(p);
  const run = await runScript(ctx, Command.join(step ? [...snippets, step] : snippets, '; '));
  const pr = new Probe(run.stdout, run.stderr, run.rc);
  const answer = decide(p, pr);
  const done = convergedRc(pr);
  if (done === undefined) return settle(answer, (plan) => applyPlan(plan, ctx));
  if (!answer.changed) throw new Error(`file: the shell changed ${p.path}, but the probe before it saw nothing to change`);
  if (done !== 0) return { failed: true, changed: false, msg: firstError(run.stderr, `file: exit ${done}`), path: p.path };
  return { ...answer.plan.result, changed: true, ...probedPathInfo(pr) };
}

/** The shell's step for what it can decide alone: states directory and file, an octal mode, no link. */
function convergeStep(p: FileParams): Command | undefined {
  const simple = !p.recurse && p.src === undefined && p.modification_time === undefined && p.access_time === undefined;
  if (!simple || (p.mode !== undefined && !isAbsoluteMode(p.mode))) return undefined;
  const want = { path: p.path, owner: p.owner, group: p.group, mode: p.mode === undefined ? undefined : resolveMode(p.mode, 0, false, 0) };
  if (p.state === 'directory') return attrConvergeStep(want, 'directory', true);
  if (p.state === 'file') return attrConvergeStep(want, 'file', false);
  if (p.state === undefined) return attrConvergeStep(want, 'any', false);
  return undefined;
}

export const fileModule = defineModule<FileParams, Plan>({
  name: 'file',
  paths: ['path', 'src'],
  schema: fileParams,
  check: 'full',
  readOnlyQuery: true,
  query: queryFile,
  apply: (_p, plan, ctx) => applyPlan(plan, ctx),
  converge: convergeFile,
});
