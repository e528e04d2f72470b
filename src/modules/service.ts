/**
 * service and systemd_service: start/stop/restart/reload a unit and
 * enable/disable it, through systemctl. Ansible's `service` hands over to
 * the systemd module on a systemd host, so both share one implementation.
 * A host without systemd as PID 1 (a plain container, like the testbed
 * nodes) fails with a clear message rather than guessing at init scripts.
 * Query reads the unit with one `systemctl show`; apply runs one command.
 * daemon_reload never runs in check mode (as Ansible): query only reads;
 * a real run reloads first, then decides (converge, or apply after --diff's query).
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type AnyTaskModule, type ModuleContext, type ResultFields } from './contract.js';
import { withAliases } from './support/aliases.js';
import { bool } from './support/params.js';

const states = z.enum(['started', 'stopped', 'restarted', 'reloaded']);

export const serviceParams = z
  .object({
    name: z.string().min(1),
    state: states.optional(),
    enabled: bool().optional(),
  })
  .strict()
  // The same shape as systemd_service's, for the shared code.
  .transform((p) => ({ ...p, daemon_reload: false }));

export const systemdServiceParams = withAliases(
  // Ansible's spellings of the same parameters.
  { service: 'name', unit: 'name', 'daemon-reload': 'daemon_reload' },
  z
    .object({
      name: z.string().min(1),
      state: states.optional(),
      enabled: bool().optional(),
      daemon_reload: bool().default(false),
      masked: bool().optional(),
    })
    .strict(),
);
export type ServiceParams = z.infer<typeof systemdServiceParams>;

/** The unit's `systemctl show` properties. */
export type UnitStatus = Record<string, string>;

/** is-enabled's "yes" states (rc 0) but indirect and alias, which Ansible counts as disabled (systemd_service.py). */
const ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'static', 'generated', 'transient']);

export function isEnabled(status: UnitStatus): boolean {
  return ENABLED_STATES.has(status.UnitFileState ?? '');
}

export function isActive(status: UnitStatus): boolean {
  return ['active', 'activating', 'reloading'].includes(status.ActiveState ?? '');
}

/** The systemctl verbs that bring the unit where the parameters want it, in Ansible's order (mask, enable, state). */
export function serviceActions(p: ServiceParams, status: UnitStatus): string[] {
  const actions: string[] = [];
  const masked = status.UnitFileState === 'masked';
  if (p.masked === true && !masked) actions.push('mask');
  if (p.masked === false && masked) actions.push('unmask');
  if (p.enabled === true && !isEnabled(status)) actions.push('enable');
  if (p.enabled === false && isEnabled(status)) actions.push('disable');
  const active = isActive(status);
  if (p.state === 'started' && !active) actions.push('start');
  if (p.state === 'stopped' && (active || status.ActiveState === 'deactivating')) actions.push('stop');
  // Restarting or reloading a stopped unit starts it, as Ansible does.
  if (p.state === 'restarted') actions.push(active ? 'restart' : 'start');
  if (p.state === 'reloaded') actions.push(active ? 'reload' : 'start');
  return actions;
}

export function serviceCommand(name: string, actions: readonly string[]): Command {
  return Command.join(actions.map((a) => Command.argv(['systemctl', a, name])), ' && ');
}

/** One command: refuse without systemd, else (daemon-reload when `reload`: never in check mode) and show the unit. */
export function queryCommand(p: ServiceParams, reload: boolean): Command {
  return sh`pid1=$(cat /proc/1/comm 2>/dev/null)
if [ "$pid1" != systemd ] || ! command -v systemctl >/dev/null 2>&1; then echo "nosystemd=$pid1"; exit 0; fi
${Command.raw(reload && p.daemon_reload ? 'systemctl daemon-reload || exit $?' : ':')}
systemctl show --no-pager -- ${p.name}`;
}

export function parseShow(stdout: string): UnitStatus {
  const status: UnitStatus = {};
  // Name=Value lines; a value may hold '=' itself (Environment=A=1).
  for (const line of stdout.split('\n')) {
    const [name = '', ...value] = line.split('=');
    if (value.length > 0) status[name] = value.join('=');
  }
  return status;
}

interface Plan {
  actions: string[];
  /** The unit as read before the change: what Ansible registers as status. */
  status: UnitStatus;
}

/** Ansible's fields: a restarted or reloaded unit is registered as started; status is the unit before the change. */
function fields(p: ServiceParams, status: UnitStatus): ResultFields {
  const state = p.state === 'restarted' || p.state === 'reloaded' ? 'started' : p.state;
  return { name: p.name, ...(state ? { state } : {}), ...(p.enabled !== undefined ? { enabled: p.enabled } : {}), status };
}

type Decision = { failed: ResultFields } | { status: UnitStatus; actions: string[] };

/** The unit read (after daemon-reload when `reload`) and the actions it needs, or the task's failure. */
async function decide(name: string, p: ServiceParams, ctx: ModuleContext, reload: boolean): Promise<Decision> {
  const r = await ctx.run(queryCommand(p, reload));
  const pid1 = /^nosystemd=(.*)$/m.exec(r.stdout);
  if (pid1) return { failed: { failed: true, msg: `${name}: ${ctx.host} does not run systemd (PID 1 is "${pid1[1] || 'unknown'}"); kolla-run manages services through systemctl only` } };
  if (r.rc !== 0) throw new Error(`${name}: systemctl failed on ${ctx.host}: ${r.stderr.trim() || `rc ${r.rc}`}`);
  const status = parseShow(r.stdout);
  if (status.LoadState === 'not-found' && (p.state !== undefined || p.enabled !== undefined)) return { failed: { failed: true, msg: `Could not find the requested service ${p.name}: host` } };
  return { status, actions: serviceActions(p, status) };
}

async function run(p: ServiceParams, plan: Plan, ctx: ModuleContext): Promise<ResultFields> {
  const r = await ctx.run(serviceCommand(p.name, plan.actions));
  if (r.rc !== 0) return { failed: true, name: p.name, msg: `Unable to ${plan.actions.join('/')} service ${p.name}: ${r.stderr.trim()}` };
  return { ...fields(p, plan.status), changed: true };
}

function makeServiceModule(name: 'service' | 'systemd_service', schema: z.ZodType<ServiceParams>): AnyTaskModule {
  return defineModule<ServiceParams, Plan>({
    name,
    schema,
    check: 'full',
    async query(p, ctx) {
      const d = await decide(name, p, ctx, false);
      if ('failed' in d) return { changed: false, reason: String(d.failed.msg), result: d.failed };
      const { status, actions } = d;
      if (actions.length === 0) return { changed: false, reason: `${p.name} is as wanted`, result: fields(p, status) };
      return {
        changed: true,
        reason: `would ${actions.join(', ')} ${p.name}`,
        plan: { actions, status },
        before: { ActiveState: status.ActiveState, UnitFileState: status.UnitFileState },
        after: { actions },
        result: fields(p, status),
      };
    },
    async apply(p, plan, ctx) {
      // After --diff's query, which did not reload: reload, and decide again from what systemd now reads.
      if (!p.daemon_reload) return run(p, plan, ctx);
      const d = await decide(name, p, ctx, true);
      if ('failed' in d) return d.failed;
      return d.actions.length === 0 ? { ...fields(p, d.status), changed: false } : run(p, d, ctx);
    },
    async converge(p, ctx) {
      const d = await decide(name, p, ctx, true);
      if ('failed' in d) return { changed: false, ...d.failed };
      return d.actions.length === 0 ? { changed: false, ...fields(p, d.status) } : run(p, d, ctx);
    },
  });
}

export const serviceModule = makeServiceModule('service', serviceParams);
export const systemdServiceModule = makeServiceModule('systemd_service', systemdServiceParams);
