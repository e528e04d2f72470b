/**
 * user: a local account, with the shadow tools (useradd/usermod/userdel).
 * Query reads everything in one command (passwd entry, groups, and the
 * shadow hash only when a password is given); apply makes the change and
 * reads the entry again in the same command. The password is a pre-hashed
 * string: it goes to `chpasswd -e` on stdin, never on a command line, and
 * never into a result (Ansible registers NOT_LOGGING_PASSWORD).
 */
import { z } from 'zod';
import { Command, secret, sh, type Secret } from '../connection/index.js';
import { defineModule, type ModuleContext, type ResultFields } from './contract.js';
import { keyValues, lines } from './support/host-output.js';
import { withAliases } from './support/aliases.js';
import { bool, int, strList } from './support/params.js';

export const userParams = withAliases(
  { user: 'name' },
  z.object({
    // '' goes to the tools, which refuse it with their own message (as Ansible lets them).
    name: z.string(),
    uid: int(0).optional(),
    group: z.union([z.string(), z.number().int()]).optional(),
    groups: strList().optional(),
    append: bool().default(false),
    shell: z.string().optional(),
    home: z.string().optional(),
    comment: z.string().optional(),
    create_home: bool().default(true),
    createhome: bool().optional(),
    move_home: bool().default(false),
    system: bool().default(false),
    non_unique: bool().default(false),
    state: z.enum(['present', 'absent']).default('present'),
    // One line of chpasswd's stdin (name:hash): a ':' or a newline would write other shadow fields or
    // another account's hash; useradd and usermod refuse them too ("invalid field").
    password: z
      .string()
      .refine((hash) => !/[:\n\r]/.test(hash), 'a password hash cannot hold a colon or a line break (useradd and usermod refuse it as an invalid field)')
      .optional(),
    update_password: z.enum(['always', 'on_create']).default('always'),
    remove: bool().default(false),
    force: bool().default(false),
  })
  .strict(),
);
export type UserParams = z.infer<typeof userParams>;

export interface UserEntry {
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
  /** Supplementary groups (the primary one left out, as Ansible compares them). */
  groups: string[];
  /** The shadow hash, read only when a password is given; never registered. */
  hash?: string;
}

export interface UserState {
  user?: UserEntry;
  /** gid of the wanted primary group (undefined: no such group). */
  groupGid?: number;
  /** Whether a group named like the user exists (useradd -N then, as Ansible does). */
  ownGroup: boolean;
  /** Wanted supplementary groups that do not exist. */
  missingGroups: string[];
  /** Whether the home folder (the wanted one, else the account's) exists; undefined when not probed. */
  homeExists?: boolean;
}

/** One round trip: everything the decision needs, as key=value lines. */
export function userQuery(p: UserParams): Command {
  const groupProbe = p.group === undefined ? '' : sh`g=$(getent group ${String(p.group)} | cut -d: -f3) && echo "groupgid=$g"; `.toShell();
  const missing = (p.groups ?? []).map((g) => sh`getent group ${g} >/dev/null || echo ${`missing=${g}`}; `.toShell()).join('');
  return sh`N=${p.name}; H=${p.home ?? ''}; ${Command.raw(groupProbe + missing)}getent group "$N" >/dev/null && echo owngroup=1
if e=$(getent passwd "$N"); then echo "passwd=$e"; echo "primary=$(id -gn "$N")"; echo "groups=$(id -Gn "$N")"; ${Command.raw(p.password !== undefined ? 'echo "hash=$(getent shadow "$N" | cut -d: -f2)"' : ':')}
[ -e "\${H:-$(echo "$e" | cut -d: -f6)}" ] && echo home=1 || echo home=0; fi`;
}

export function parseUserState(stdout: string): UserState {
  const kv = keyValues(stdout);
  const passwd = kv.get('passwd')?.split(':');
  let user: UserEntry | undefined;
  if (passwd && passwd.length >= 7) {
    const primary = kv.get('primary') ?? '';
    user = {
      uid: Number(passwd[2]), gid: Number(passwd[3]), comment: passwd[4] ?? '', home: passwd[5] ?? '', shell: passwd[6] ?? '',
      groups: (kv.get('groups') ?? '').split(' ').filter((g) => g !== '' && g !== primary),
    };
    const hash = kv.get('hash');
    if (hash !== undefined) user.hash = hash;
  }
  const gid = kv.get('groupgid');
  const home = kv.get('home');
  return {
    ...(user ? { user } : {}), ...(gid ? { groupGid: Number(gid) } : {}), ownGroup: kv.get('owngroup') === '1', missingGroups: kv.all('missing'),
    ...(home !== undefined ? { homeExists: home === '1' } : {}),
  };
}

export interface UserPlan {
  command?: Command;
  /** Why the account cannot be created (a missing group): apply fails with it, check mode does not look (as Ansible). */
  error?: string;
  /** A missing home folder to make from /etc/skel, as Ansible does for an existing account. */
  makeHome?: string;
  /** name:hash for chpasswd -e (stdin), when the password must be set; masked if printed. */
  password?: Secret;
  summary: string[];
}

/** What to run, or undefined when the account is as wanted. Throws for a missing group. */
export function planUser(p: UserParams, s: UserState): UserPlan | undefined {
  if (p.state === 'absent') {
    if (!s.user) return undefined;
    return { command: Command.argv(['userdel', ...(p.remove ? ['-r'] : []), ...(p.force ? ['-f'] : []), p.name]), summary: ['remove'] };
  }
  const missing = p.group !== undefined && s.groupGid === undefined ? String(p.group) : s.missingGroups[0];
  const groupsArg = (p.groups ?? []).join(',');
  const createHome = p.createhome ?? p.create_home;
  if (!s.user) {
    if (missing !== undefined) return { error: `Group ${missing} does not exist`, summary: ['create'] };
    const argv = ['useradd'];
    if (p.uid !== undefined) argv.push('-u', String(p.uid), ...(p.non_unique ? ['-o'] : []));
    if (p.group !== undefined) argv.push('-g', String(p.group));
    else if (s.ownGroup) argv.push('-N');
    if (groupsArg !== '') argv.push('-G', groupsArg);
    if (p.comment !== undefined) argv.push('-c', p.comment);
    if (p.home !== undefined) argv.push('-d', p.home);
    if (p.shell !== undefined) argv.push('-s', p.shell);
    argv.push(createHome ? '-m' : '-M');
    if (p.system) argv.push('-r');
    argv.push(p.name);
    return { command: Command.argv(argv), ...(p.password !== undefined ? { password: secret(`${p.name}:${p.password}`) } : {}), summary: ['create'] };
  }
  if (missing !== undefined) throw new Error(`Group ${missing} does not exist`);
  const u = s.user;
  const argv: string[] = [];
  const summary: string[] = [];
  const want = <T>(name: string, wanted: T | undefined, current: T, flags: string[]) => {
    if (wanted !== undefined && wanted !== current) {
      argv.push(...flags);
      summary.push(name);
    }
  };
  want('uid', p.uid, u.uid, ['-u', String(p.uid), ...(p.non_unique ? ['-o'] : [])]);
  want('group', s.groupGid, u.gid, ['-g', String(p.group)]);
  want('comment', p.comment, u.comment, ['-c', p.comment ?? '']);
  want('home', p.home, u.home, ['-d', p.home ?? '', ...(p.move_home ? ['-m'] : [])]);
  want('shell', p.shell, u.shell, ['-s', p.shell ?? '']);
  if (p.groups !== undefined) {
    const wanted = new Set(p.groups);
    const current = new Set(u.groups);
    const differs = p.append ? [...wanted].some((g) => !current.has(g)) : wanted.size !== current.size || [...wanted].some((g) => !current.has(g));
    if (differs) {
      argv.push(...(p.append ? ['-a'] : []), '-G', groupsArg);
      summary.push('groups');
    }
  }
  const setPassword = p.password !== undefined && p.update_password === 'always' && p.password !== u.hash;
  if (setPassword) summary.push('password');
  const makeHome = createHome && s.homeExists === false ? (p.home ?? u.home) : undefined;
  if (makeHome !== undefined) summary.push('home folder');
  if (summary.length === 0) return undefined;
  return {
    ...(argv.length > 0 ? { command: Command.argv(['usermod', ...argv, p.name]) } : {}),
    ...(setPassword ? { password: secret(`${p.name}:${p.password}`) } : {}),
    ...(makeHome !== undefined ? { makeHome } : {}),
    summary,
  };
}

/** Ansible's registered fields for a present account. */
function presentFields(p: UserParams, u: UserEntry | undefined): ResultFields {
  if (!u) return {};
  return { uid: u.uid, group: u.gid, comment: u.comment, home: u.home, shell: u.shell, ...(p.groups !== undefined ? { groups: p.groups.join(',') } : {}) };
}

function passwordField(p: UserParams): ResultFields {
  return p.password !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {};
}

/**
 * Ansible's create_homedir and chown_homedir: /etc/skel copied (links kept),
 * the folder's mode from login.defs' UMASK, everything owned by the account.
 */
function makeHomeCommand(name: string, home: string): Command {
  return sh`{ H=${home}; if [ ! -e "$H" ]; then mkdir -p "$(dirname "$H")" && { if [ -e /etc/skel ]; then cp -a /etc/skel "$H"; else mkdir "$H"; fi; } || exit $?
u=$(awk '$1 == "UMASK" && NF == 2 && $2 ~ /^[0-9]+$/ { u = $2 } END { print u }' /etc/login.defs 2>/dev/null); if [ -n "$u" ]; then chmod "$(printf '%o' $((0777 & ~0$u)))" "$H" || exit $?; fi
chown -R "$(id -u ${name}):$(id -g ${name})" "$H" || exit $?; fi; }`;
}

async function readState(p: UserParams, ctx: ModuleContext, change?: { command: Command; stdin?: string }): Promise<{ rc: number; stderr: string; state: UserState }> {
  const command = change ? sh`${change.command} || exit $?; ${userQuery(p)}` : userQuery(p);
  const r = await ctx.run(command, change?.stdin !== undefined ? { stdin: change.stdin } : {});
  return { rc: r.rc, stderr: r.stderr, state: parseUserState(r.stdout) };
}

export const userModule = defineModule<UserParams, UserPlan>({
  name: 'user',
  paths: ['home'],
  schema: userParams,
  check: 'full',
  async query(p, ctx) {
    const { state } = await readState(p, ctx);
    const plan = planUser(p, state);
    const base: ResultFields = { name: p.name, state: p.state };
    const existing = p.state === 'present' ? state.user : undefined;
    const present = existing ? { ...base, append: p.append, move_home: p.move_home, ...passwordField(p), ...presentFields(p, existing) } : undefined;
    if (!plan) return { changed: false, reason: `user ${p.name} is ${p.state}`, result: present ?? base };
    const describe = (u: UserEntry | undefined) => (u ? { uid: u.uid, gid: u.gid, comment: u.comment, home: u.home, shell: u.shell, groups: u.groups } : null);
    // Check mode: Ansible registers only `changed` for an account to create or remove, the current fields for one to modify.
    const result = present ?? {};
    return { changed: true, reason: `would ${plan.summary.join(', ')} user ${p.name}`, plan, before: describe(state.user), after: p.state === 'absent' ? null : { name: p.name, changes: plan.summary }, result };
  },
  async apply(p, plan, ctx) {
    // One command: the change, the password from stdin, then the entry read again.
    if (plan.error !== undefined) return { failed: true, msg: plan.error };
    const parts: Command[] = [];
    if (plan.command) parts.push(plan.command);
    if (plan.password !== undefined) parts.push(Command.raw('chpasswd -e'));
    if (plan.makeHome !== undefined) parts.push(makeHomeCommand(p.name, plan.makeHome));
    const change = { command: Command.join(parts, ' && '), ...(plan.password ? { stdin: `${plan.password.reveal()}\n` } : {}) };
    const { rc, stderr, state } = await readState(p, ctx, change);
    // The tools' stderr as Ansible registers it: the failure's msg, or stderr beside a success (userdel's "mail spool not found").
    if (rc !== 0) return { failed: true, name: p.name, rc, msg: maskHash(stderr, p.password) || `rc ${rc}` };
    const base: ResultFields = { changed: true, name: p.name, state: p.state, ...(stderr !== '' ? { stderr: maskHash(stderr, p.password), stderr_lines: lines(maskHash(stderr, p.password)) } : {}) };
    if (p.state === 'absent') return { ...base, force: p.force, remove: p.remove };
    const created = plan.summary[0] === 'create';
    const how = created ? { system: p.system, create_home: p.createhome ?? p.create_home } : { append: p.append, move_home: p.move_home };
    return { ...base, ...how, ...passwordField(p), ...presentFields(p, state.user) };
  },
});

/** chpasswd may echo the line it rejects: keep the hash out of the message. */
function maskHash(text: string, hash: string | undefined): string {
  return hash ? text.split(hash).join('********') : text;
}
