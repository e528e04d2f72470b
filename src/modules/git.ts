/**
 * git: a checkout of a repository at a version (branch, tag, commit or the
 * remote's HEAD), cloned when dest has none, else fetched and switched, as
 * ansible.builtin.git decides it: before/after are commits, a clone has
 * before null, an existing checkout reports remote_url_changed, local
 * modifications fail unless force (which resets them). Check mode asks the
 * remote (ls-remote) what the version is and changes nothing; --diff shows
 * the commit before and after.
 * The host's git does the work; the repository must be reachable from it.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { Command, quote, shellQuote, type Word } from '../connection/command.js';
import { defineModule, type ModuleContext, type Query, type ResultFields, type RunResult } from './contract.js';
import { withAliases } from './support/aliases.js';
import { bool, int } from './support/params.js';

const UNSUPPORTED = ['archive', 'archive_prefix', 'separate_git_dir', 'verify_commit', 'gpg_whitelist', 'track_submodules'] as const;

export const gitParams = withAliases(
  { name: 'repo' },
  z
    .object({
      repo: z.string().min(1),
      dest: z.string().optional(),
      version: z.union([z.string(), z.number()]).transform(String).default('HEAD'),
      remote: z.string().default('origin'),
      refspec: z.string().optional(),
      reference: z.string().optional(),
      force: bool().default(false),
      // The module tests `if depth:`: 0 is no depth.
      depth: int().optional().transform((d) => (d === 0 ? undefined : d)),
      clone: bool().default(true),
      update: bool().default(true),
      bare: bool().default(false),
      recursive: bool().default(true),
      single_branch: bool().default(false),
      accept_hostkey: bool().default(false),
      accept_newhostkey: bool().default(false),
      key_file: z.string().optional(),
      ssh_opts: z.string().optional(),
      executable: z.string().optional(),
      umask: z.string().regex(/^[0-7]{1,4}$/, 'umask must be an octal integer').optional(),
      archive: z.string().optional(),
      archive_prefix: z.string().optional(),
      separate_git_dir: z.string().optional(),
      verify_commit: bool().default(false),
      gpg_whitelist: z.array(z.string()).default([]),
      track_submodules: bool().default(false),
    })
    .strict()
    .refine((p) => !(p.accept_hostkey && p.accept_newhostkey), { message: 'parameters are mutually exclusive: accept_hostkey|accept_newhostkey', path: ['accept_hostkey'] })
    .refine((p) => p.dest !== undefined || !p.clone, { message: 'the destination directory must be specified unless clone=no', path: ['dest'] })
    .refine((p) => UNSUPPORTED.every((k) => p[k] === undefined || p[k] === false || (Array.isArray(p[k]) && p[k].length === 0)), {
      message: `not supported by kolla-run: ${UNSUPPORTED.join(', ')}`,
      path: ['archive'],
    }),
);
export type GitParams = z.infer<typeof gitParams>;

/** A path-based repo gets file:// (depth needs it), as the module does. */
function repoUrl(p: GitParams): string {
  return p.repo.startsWith('/') ? `file://${p.repo}` : p.repo;
}

/** The module's unfrackgitpath: a URL compared without a trailing slash and the .git suffix. */
function unfrack(url: string): string {
  return url.replace(/\/$/, '').replace(/\.git$/, '');
}

class GitFailure extends Error {
  constructor(readonly fields: ResultFields) {
    super(String(fields.msg));
  }
}

/** Runs git on the host with the module's environment (C locale, ssh options, umask). */
class Git {
  constructor(readonly ctx: ModuleContext, private readonly p: GitParams) {}

  private env(): Record<string, string> {
    const env: Record<string, string> = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C', LC_CTYPE: 'C', GIT_TERMINAL_PROMPT: '0' };
    let opts = this.p.ssh_opts;
    const add = (o: string): void => {
      if (opts === undefined) opts = o;
      else if (!opts.includes('-o StrictHostKeyChecking=no') && !opts.includes('-o StrictHostKeyChecking=accept-new')) opts += ` ${o}`;
    };
    if (this.p.accept_hostkey) add('-o StrictHostKeyChecking=no');
    if (this.p.accept_newhostkey) add('-o StrictHostKeyChecking=accept-new');
    if (opts !== undefined || this.p.key_file !== undefined) {
      // git runs GIT_SSH_COMMAND with a shell: key_file goes in as one quoted word (Ansible writes it bare,
      // so a $(...) in the name ran); ssh_opts are ssh's options as the user wrote them, shell text by design.
      env.GIT_SSH_COMMAND = ['ssh', ...(this.p.key_file !== undefined ? ['-i', quote(this.p.key_file), '-o', 'IdentitiesOnly=yes'] : []), ...(opts !== undefined ? [opts] : [])].join(' ');
    }
    return env;
  }

  async run(args: readonly Word[], cwd?: string): Promise<RunResult> {
    const git = shellQuote([this.p.executable ?? 'git', ...args]);
    const command = this.p.umask !== undefined ? Command.join([Command.raw(`umask ${this.p.umask};`), git]) : git;
    return this.ctx.run(command, { env: this.env(), ...(cwd !== undefined ? { cwd } : {}) });
  }

  /** run, failing the task as the module's check_rc does. */
  async must(args: readonly Word[], cwd?: string, msg?: string): Promise<string> {
    const r = await this.run(args, cwd);
    if (r.rc !== 0) throw new GitFailure({ msg: msg ?? (r.stderr.trim() || r.stdout.trim()), rc: r.rc, stdout: r.stdout, stderr: r.stderr, cmd: r.command });
    return r.stdout;
  }

  async lsRemote(remote: string, kind: '-h' | '-t', ref: string, cwd?: string): Promise<string> {
    return this.must(['ls-remote', remote, kind, ref], cwd);
  }
}

interface Local {
  /** The commit checked out (rev-parse HEAD). */
  head: string;
  localMods: boolean;
  remoteUrl: string | undefined;
  /** The branch HEAD names (or the remote's HEAD branch when detached). */
  headBranch: string | undefined;
}

/** What dest holds: undefined when it is no repository (no config file in its git folder). */
async function readLocal(git: Git, ctx: ModuleContext, p: GitParams, dest: string): Promise<Local | undefined> {
  const gitDir = p.bare ? dest : posix.join(dest, '.git');
  const exists = await ctx.run(shellQuote(['test', '-f', posix.join(gitDir, 'config')]));
  if (exists.rc !== 0) return undefined;
  const head = (await git.run(['rev-parse', 'HEAD'], dest)).stdout.replace(/\n$/, '');
  const status = p.bare ? '' : (await git.run(['status', '--porcelain'], dest)).stdout;
  const localMods = status.split('\n').some((l) => l !== '' && !l.startsWith('??'));
  const url = await git.run(['ls-remote', '--get-url', p.remote], dest);
  const symbolic = await git.run(['symbolic-ref', '-q', '--short', 'HEAD'], dest);
  let headBranch = symbolic.rc === 0 ? symbolic.stdout.trim() : undefined;
  if (headBranch === undefined) {
    const remoteHead = await git.run(['symbolic-ref', '-q', '--short', `refs/remotes/${p.remote}/HEAD`], dest);
    if (remoteHead.rc === 0) headBranch = remoteHead.stdout.trim().replace(`${p.remote}/`, '');
  }
  return { head, localMods, remoteUrl: url.rc === 0 ? url.stdout.replace(/\n$/, '') : undefined, headBranch };
}

/** The module's get_remote_head: the commit `version` names on `remote` (a sha1 as given). */
async function remoteHead(git: Git, p: GitParams, remote: string, cwd: string | undefined, headBranch: string | undefined): Promise<string> {
  const cloning = cwd === undefined;
  let out: string;
  let tag = false;
  if (p.version === 'HEAD') {
    out = cloning ? await git.lsRemote(remote, '-h', 'HEAD') : await git.lsRemote(remote, '-h', `refs/heads/${headBranch ?? 'HEAD'}`, cwd);
  } else if ((await git.lsRemote(remote, '-h', `refs/heads/${p.version}`, cwd)).includes(p.version)) {
    out = await git.lsRemote(remote, '-h', `refs/heads/${p.version}`, cwd);
  } else if ((await git.lsRemote(remote, '-t', `refs/tags/${p.version}`, cwd)).includes(p.version)) {
    tag = true;
    out = await git.lsRemote(remote, '-t', `refs/tags/${p.version}*`, cwd);
  } else return p.version;
  if (out === '') throw new GitFailure({ msg: `Could not determine remote revision for ${p.version}`, stdout: out, stderr: '', rc: 0 });
  if (tag) {
    let line = out;
    for (const l of out.split('\n')) {
      if (l.endsWith(`${p.version}^{}`)) {
        line = l;
        break;
      } else if (l.endsWith(p.version)) line = l;
    }
    out = line;
  }
  return out.split(/\s+/)[0] ?? '';
}

/** A commit named by a local ref or abbreviation, resolved in the checkout (a sha1 given short). */
async function resolveLocal(git: Git, dest: string, rev: string): Promise<string> {
  const r = await git.run(['rev-parse', '--verify', '-q', `${rev}^{commit}`], dest);
  return r.rc === 0 ? r.stdout.trim() : rev;
}

/** Nothing checked out at dest (a clone, or with clone=no only the remote read), or the checkout to update. */
type Plan = 'no-checkout' | { local: Local; remoteUrlChanged: boolean };

async function clone(git: Git, p: GitParams, dest: string, url: string): Promise<void> {
  await git.ctx.run(shellQuote(['mkdir', '-p', posix.dirname(dest)]));
  const branchOrTag =
    p.version !== 'HEAD' && ((await git.lsRemote(url, '-h', `refs/heads/${p.version}`)).includes(p.version) || (await git.lsRemote(url, '-t', `refs/tags/${p.version}`)).includes(p.version));
  const args: string[] = ['clone', ...(p.bare ? ['--bare'] : ['--origin', p.remote])];
  if (p.depth !== undefined && (p.version === 'HEAD' || p.refspec !== undefined || branchOrTag)) {
    args.push('--depth', String(p.depth));
    if (p.version !== 'HEAD' && p.refspec === undefined) args.push('--branch', p.version);
  }
  if (p.reference !== undefined) args.push('--reference', p.reference);
  if (p.single_branch) args.push('--single-branch', ...(branchOrTag && !args.includes('--branch') ? ['--branch', p.version] : []));
  await git.must([...args, url, dest], posix.dirname(dest));
  if (p.bare && p.remote !== 'origin') await git.must(['remote', 'add', p.remote, url], dest);
  if (p.refspec !== undefined) await git.must(['fetch', ...(p.depth !== undefined ? ['--depth', String(p.depth)] : []), p.remote, p.refspec], dest);
}

async function fetch(git: Git, p: GitParams, dest: string): Promise<void> {
  const refspecs = p.bare ? ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'] : [];
  if (p.refspec !== undefined) refspecs.push(p.refspec);
  const args = ['fetch', ...(p.bare ? [] : ['--tags']), ...(p.force ? ['--force'] : []), p.remote, ...refspecs];
  const r = await git.run(args, dest);
  if (r.rc !== 0) throw new GitFailure({ msg: `Failed to download remote objects and refs: ${r.stdout} ${r.stderr}`, cmd: r.command });
}

/** The module's switch_version: the branch tracked and reset to its remote, or the tag/commit checked out. */
async function switchVersion(git: Git, p: GitParams, dest: string): Promise<void> {
  const fail = (what: string) => `Failed to checkout ${what}`;
  if (p.version === 'HEAD') {
    const local = await readLocal(git, git.ctx, p, dest);
    const branch = local?.headBranch ?? 'HEAD';
    await git.must(['checkout', '--force', branch], dest, `Failed to checkout branch ${branch}`);
    await git.must(['reset', '--hard', `${p.remote}/${branch}`, '--'], dest, `Failed to checkout branch ${branch}`);
    return;
  }
  if ((await git.lsRemote(p.remote, '-h', `refs/heads/${p.version}`, dest)).includes(p.version)) {
    if (p.depth !== undefined) await git.must(['fetch', '--depth', String(p.depth), p.remote, `+refs/heads/${p.version}:refs/remotes/${p.remote}/${p.version}`], dest);
    const local = await git.run(['rev-parse', '--verify', '-q', `refs/heads/${p.version}`], dest);
    if (local.rc !== 0) await git.must(['checkout', '--track', '-b', p.version, `${p.remote}/${p.version}`], dest, fail(p.version));
    else {
      await git.must(['checkout', '--force', p.version], dest, `Failed to checkout branch ${p.version}`);
      await git.must(['reset', '--hard', `${p.remote}/${p.version}`], dest, fail(p.version));
    }
    return;
  }
  await git.must(['checkout', '--force', p.version], dest, fail(p.version));
}

async function submodules(git: Git, p: GitParams, dest: string): Promise<void> {
  if (!p.recursive || p.bare) return;
  const has = await git.ctx.run(shellQuote(['test', '-f', posix.join(dest, '.gitmodules')]));
  if (has.rc === 0) await git.must(['submodule', 'update', '--init', '--recursive', ...(p.force ? ['--force'] : [])], dest);
}

/** The repository's folder, absolute (relative to the login folder, as the module's abspath); the runner expanded a ~ (dest is a path parameter). */
async function absoluteDest(ctx: ModuleContext, dest: string): Promise<string> {
  if (dest.startsWith('/')) return posix.normalize(dest);
  return posix.join((await ctx.run('pwd')).stdout.trim(), dest);
}

function failed(err: unknown, extra: ResultFields): ResultFields {
  if (err instanceof GitFailure) return { failed: true, changed: false, ...extra, ...err.fields };
  throw err;
}

export const gitModule = defineModule<GitParams, Plan>({
  name: 'git',
  paths: ['dest'],
  schema: gitParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    // git takes a word starting with "-" as an option wherever it stands: a repo, remote or refspec
    // `--upload-pack=CMD` has git run CMD with a shell (Ansible's git module passes them so and runs it).
    const option = (['repo', 'remote', 'refspec'] as const).find((k) => p[k]?.startsWith('-'));
    if (option !== undefined) {
      const msg = `${option} ${p[option] ?? ''} starts with "-": git would read it as an option`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
    const git = new Git(ctx, p);
    const url = repoUrl(p);
    try {
      const dest = p.dest === undefined ? undefined : await absoluteDest(ctx, p.dest);
      const local = dest === undefined ? undefined : await readLocal(git, ctx, p, dest);
      if (local === undefined || dest === undefined) {
        const after = await remoteHead(git, p, url, undefined, undefined);
        const result = { before: null, after };
        if (!p.clone) return { changed: true, reason: 'clone=no: the remote was read', plan: 'no-checkout', result };
        return { changed: true, reason: `${url} would be cloned into ${dest}`, plan: 'no-checkout', result, before: { head: null }, after: { head: after } };
      }
      if (!p.update) return { changed: false, reason: 'update=no', result: { before: local.head, after: local.head } };
      if (local.localMods && !p.force) {
        return { changed: false, reason: 'local modifications', result: { failed: true, msg: `Local modifications exist in the destination: ${dest} (force=no).`, before: local.head } };
      }
      const remoteUrlChanged = local.remoteUrl !== undefined && local.remoteUrl !== url && unfrack(local.remoteUrl) !== unfrack(url);
      const wanted = await resolveLocal(git, dest, await remoteHead(git, p, p.remote, dest, local.headBranch));
      if (wanted === local.head && !remoteUrlChanged && !local.localMods) {
        return { changed: false, reason: `${dest} is at ${wanted}`, result: { before: local.head, after: local.head, remote_url_changed: false } };
      }
      return {
        changed: true,
        reason: `${dest}: ${local.head} -> ${wanted}`,
        plan: { local, remoteUrlChanged },
        result: { before: local.head, after: wanted, remote_url_changed: remoteUrlChanged },
        before: { head: local.head },
        after: { head: wanted },
      };
    } catch (err) {
      return { changed: false, reason: 'git failed', result: failed(err, {}) };
    }
  },
  async apply(p, plan, ctx) {
    const git = new Git(ctx, p);
    const url = repoUrl(p);
    const dest = p.dest === undefined ? undefined : await absoluteDest(ctx, p.dest);
    // clone=no and nothing there: the module only reads the remote (and calls that a change).
    if (dest === undefined || (plan === 'no-checkout' && !p.clone)) return { changed: true, before: null, after: await remoteHead(git, p, url, undefined, undefined) };
    const before = plan === 'no-checkout' ? null : plan.local.head;
    const fields: ResultFields = { before };
    try {
      if (plan === 'no-checkout') await clone(git, p, dest, url);
      else {
        if (plan.local.localMods) {
          await git.must(['reset', '--hard', 'HEAD'], dest);
          fields.msg = `Local modifications exist in the destination: ${dest}`;
        }
        if (plan.remoteUrlChanged) await git.must(['remote', 'set-url', p.remote, url], dest, `Failed to set a new url ${url} for ${p.remote}`);
        fields.remote_url_changed = plan.remoteUrlChanged;
        await fetch(git, p, dest);
      }
      if (!p.bare) await switchVersion(git, p, dest);
      await submodules(git, p, dest);
      const after = (await git.must(['rev-parse', 'HEAD'], dest)).replace(/\n$/, '');
      const changed = before !== after || (plan !== 'no-checkout' && (plan.local.localMods || plan.remoteUrlChanged));
      return { ...fields, after, changed };
    } catch (err) {
      return failed(err, fields);
    }
  },
});
