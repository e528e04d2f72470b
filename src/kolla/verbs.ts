/**
 * kolla-ansible's operator verbs (`kolla-ansible deploy -i INV ...`) as
 * short forms of playbook runs: which playbook of the installation each
 * runs, the extra variables it adds, and the flags of its own that
 * kolla-ansible's CLI has. Everything else on the command line is the
 * playbook's (-l, -t, -e, --serial, -C, -D, -v ...) and passes through.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** The confirmation kolla-ansible's CLI asks for before stop and destroy. */
export const CONFIRM_FLAG = '--yes-i-really-really-mean-it';
/** What playbooks/destroy.yaml refuses to run without (-e destroy_confirm=...). */
export const DESTROY_CONFIRMATION = 'yes-i-really-really-mean-it';

export interface VerbFlag {
  flag: string;
  help: string;
  /** The extra variable the flag sets (name=value), if any. */
  sets?: string;
}

export interface Verb {
  name: string;
  summary: string;
  /** File name under the installation's playbooks/. */
  playbook: string;
  /** kolla_action for site.yaml's verbs, as kolla-ansible's CLI sets it. */
  kollaAction?: string;
  /** kolla-ansible's CLI refuses these verbs without CONFIRM_FLAG. */
  confirmRequired?: boolean;
  /** --serial the verb runs with unless the command line gives one. */
  defaultSerial?: string;
  flags: readonly VerbFlag[];
  aliases?: readonly string[];
}

const confirmFlag = (sets?: string): VerbFlag => ({
  flag: CONFIRM_FLAG,
  help: 'confirm (kolla-ansible asks for the same)',
  ...(sets !== undefined ? { sets } : {}),
});

export const VERBS: readonly Verb[] = [
  { name: 'deploy', summary: 'deploy the services, or bring them to their definition (site.yaml)', playbook: 'site.yaml', kollaAction: 'deploy', flags: [] },
  { name: 'reconfigure', summary: 'apply changed configuration, restarting only what changed (site.yaml)', playbook: 'site.yaml', kollaAction: 'reconfigure', flags: [] },
  { name: 'pull', summary: 'pull every image the hosts need, changing no container (site.yaml)', playbook: 'site.yaml', kollaAction: 'pull', flags: [] },
  { name: 'stop', summary: 'stop every Kolla container, keeping data and config (site.yaml)', playbook: 'site.yaml', kollaAction: 'stop', confirmRequired: true, flags: [confirmFlag()] },
  { name: 'upgrade', summary: 'upgrade the services to new images, one host at a time unless --serial says otherwise (upgrade.yaml)', playbook: 'upgrade.yaml', kollaAction: 'upgrade', defaultSerial: '1', flags: [] },
  { name: 'prechecks', summary: 'check the hosts before a deploy; changes nothing (prechecks.yaml)', playbook: 'prechecks.yaml', flags: [] },
  { name: 'post-deploy', summary: 'write admin-openrc.sh and clouds.yaml into the config folder (post-deploy.yaml)', playbook: 'post-deploy.yaml', flags: [] },
  {
    name: 'destroy',
    summary: 'remove every Kolla container, volume and host config folder (destroy.yaml)',
    playbook: 'destroy.yaml',
    flags: [confirmFlag(`destroy_confirm=${DESTROY_CONFIRMATION}`), { flag: '--include-images', help: "also remove the images of the removed containers", sets: 'destroy_include_images=yes' }],
  },
  { name: 'mariadb-recovery', summary: 'start a Galera cluster whose every node stopped (mariadb-recovery.yaml)', playbook: 'mariadb-recovery.yaml', flags: [], aliases: ['mariadb_recovery'] },
];

export function findVerb(name: string): Verb | undefined {
  return VERBS.find((v) => v.name === name || v.aliases?.includes(name));
}

export interface VerbRun {
  /** The playbook command's argv: the playbook's path, the options given, then the verb's extra variables. */
  argv: string[];
  playbook: string;
}

/**
 * The playbook run a verb stands for. The verb's own flags are taken out
 * (everything after `--` is left alone); its extra variables come last, so
 * that they win over an -e of the same name, as the verb is the contract.
 */
export function verbRun(verb: Verb, argv: readonly string[], playbooksDir: string): VerbRun {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const given = new Set(head.filter((a) => verb.flags.some((f) => f.flag === a)));
  if (verb.confirmRequired && !given.has(CONFIRM_FLAG)) {
    throw new UsageError(`${verb.name} needs ${CONFIRM_FLAG}, as with kolla-ansible (${verb.name}: ${verb.summary.replace(/ \(.*\)$/, '')})`);
  }
  const playbook = join(playbooksDir, verb.playbook);
  const extra = [
    ...(verb.kollaAction !== undefined ? [`kolla_action=${verb.kollaAction}`] : []),
    ...verb.flags.filter((f) => given.has(f.flag) && f.sets !== undefined).map((f) => f.sets ?? ''),
  ];
  const serialGiven = head.some((a) => a === '--serial' || a.startsWith('--serial='));
  const serial = verb.defaultSerial !== undefined && !serialGiven ? ['--serial', verb.defaultSerial] : [];
  return {
    playbook,
    argv: [playbook, ...head.filter((a) => !given.has(a)), ...serial, ...extra.flatMap((e) => ['-e', e]), ...tail],
  };
}

/**
 * Roles of the installation that pick their tasks by kolla_action
 * (`include_tasks: "{{ kolla_action }}.yml"`) but have none for `action`:
 * a run would stop half-way, on the first such role, after changing the
 * hosts the earlier roles reached.
 */
export function rolesLackingAction(rolesDir: string, action: string): string[] {
  if (!existsSync(rolesDir)) return [];
  const lacking: string[] = [];
  for (const role of readdirSync(rolesDir).sort()) {
    const main = join(rolesDir, role, 'tasks', 'main.yml');
    if (!existsSync(main) || !/\{\{\s*kolla_action\s*\}\}\.ya?ml/.test(readFileSync(main, 'utf8'))) continue;
    if (!existsSync(join(rolesDir, role, 'tasks', `${action}.yml`)) && !existsSync(join(rolesDir, role, 'tasks', `${action}.yaml`))) lacking.push(role);
  }
  return lacking;
}

/**
 * Why the installation cannot run `verb` yet (its playbook missing, or
 * roles without the action's tasks), or undefined. Checked before any run.
 */
export function verbProblem(verb: Verb, playbooksDir: string, rolesDir: string): string | undefined {
  if (!existsSync(join(playbooksDir, verb.playbook))) {
    return `${verb.name}: this installation has no playbooks/${verb.playbook} yet (looked in ${playbooksDir}), so there is nothing to run`;
  }
  const lacking = verb.kollaAction === undefined ? [] : rolesLackingAction(rolesDir, verb.kollaAction);
  if (lacking.length > 0) {
    return `${verb.name}: the roles ${lacking.join(', ')} have no tasks/${verb.kollaAction ?? ''}.yml yet; nothing was run, since the run would stop half-way`;
  }
  return undefined;
}

export function verbUsage(verb: Verb, playbookOptions: string): string {
  const own = verb.flags.map((f) => `      ${f.flag.padEnd(30)} ${f.help}`).join('\n');
  const adds = verb.kollaAction !== undefined ? ` -e kolla_action=${verb.kollaAction}` : '';
  const what = verb.summary.replace(/ \(.*\)$/, '');
  return `Usage: kolla-run ${verb.name} [-i INV] [options]

${what[0]?.toUpperCase() ?? ''}${what.slice(1)}: runs playbooks/${verb.playbook}${adds}
of this installation, every playbook option below passed through.
${own !== '' ? `\n${own}\n` : ''}
${playbookOptions}`;
}
