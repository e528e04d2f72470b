/**
 * An openstack.cloud module in the toolbox: its session is the `openstack`
 * client authenticated with the module's common options; every credential
 * of its auth dict is secret. Helpers shared by the identity and catalog
 * modules: the client's objects in openstacksdk's field names, and flags.
 */
import type { Query, ResultFields } from '../../contract.js';
import { defineClientModule, type AnyToolboxModule, type ToolboxModule } from '../module.js';
import { authSecrets, cliAuth, type OpenStackCommon } from './auth.js';
import { CliError, cliError, isNotFound, toolboxCli, type OpenStackCli } from './cli.js';

type OpenStackModule<Params extends OpenStackCommon, Plan> = Omit<ToolboxModule<Params, Plan, OpenStackCli>, 'connect' | 'collections' | 'secrets' | 'query'> & {
  secrets?(params: Params): Array<string | undefined>;
  /** Every openstack.cloud module can say what would change (check mode). */
  query(params: Params, cli: OpenStackCli): Promise<Query<Plan>>;
};

/** The client's failures (thrown with its message) become the task's failed result, in query and apply alike. */
export function defineOpenStackModule<Params extends OpenStackCommon, Plan>(module: OpenStackModule<Params, Plan>): AnyToolboxModule {
  return defineClientModule<Params, Plan, OpenStackCli>({
    ...module,
    async query(p, cli) {
      try {
        return await module.query(p, cli);
      } catch (err) {
        return { changed: false, reason: 'failed', result: failure(err) };
      }
    },
    async apply(p, plan, cli) {
      try {
        return await module.apply(p, plan, cli);
      } catch (err) {
        return failure(err);
      }
    },
    collections: ['openstack.cloud'],
    secrets: (p) => [...authSecrets(p), ...(module.secrets?.(p) ?? [])],
    connect: (toolbox, p) => toolboxCli(toolbox, cliAuth(p)),
  });
}

/** A failed result: `what: the client's message`. */
export function failure(err: unknown, what?: string): ResultFields {
  const message = err instanceof Error ? err.message : String(err);
  return { failed: true, changed: false, msg: what ? `${what}: ${message}` : message };
}

export type Json = Record<string, unknown>;

/** An object the client printed, or {} when it printed something else. */
export function asObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** The rows of a `list -f json`. */
export function asRows(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}

/** --enable / --disable, or nothing when the parameter is not given. */
export function enableFlag(enabled: boolean | undefined): string[] {
  return enabled === undefined ? [] : [enabled ? '--enable' : '--disable'];
}

/** `--option value` when the value is given. */
export function option(name: string, value: string | undefined | null): string[] {
  return value === undefined || value === null ? [] : [name, value];
}

/**
 * The object as openstacksdk's to_dict(computed=False) names its fields
 * (the client says `enabled`, the SDK `is_enabled`), with `fields` in that
 * order and null for those the client left out.
 */
export function sdkShape(obj: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const f of fields) {
    const from = f === 'is_enabled' ? 'enabled' : f;
    out[f] = obj[from] ?? obj[f] ?? null;
  }
  return out;
}

/** Keys whose wanted value (when given) differs from the current one. */
export function differing(current: Json, wanted: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(wanted).filter(([k, v]) => v !== undefined && v !== null && (current[k] ?? null) !== v).map(([k]) => k);
}

export interface Lookup {
  /** What each command but the last printed (the objects the sought one depends on). */
  before: Json[];
  /** The object the last command showed; undefined when the client said it does not exist. */
  found: Json | undefined;
}

/**
 * Runs `show` commands of which the last shows the object sought: every
 * earlier one must succeed (its object is needed), the last may find
 * nothing. A failure is thrown with the client's message.
 */
export async function lookup(cli: OpenStackCli, commands: ReadonlyArray<readonly string[]>): Promise<Lookup> {
  const results = await cli.run(commands);
  const last = results[results.length - 1];
  const missing = results.length === commands.length && last !== undefined && isNotFound(last);
  const failed = results.find((r) => r.rc !== 0);
  if (!last || (failed && !missing)) throw new CliError(failed ? cliError(failed) : 'the openstack client stopped early');
  const before = results.slice(0, -1).map((r) => asObject(JSON.parse(r.stdout)));
  return { before, found: missing ? undefined : asObject(JSON.parse(last.stdout)) };
}
