/**
 * Runs one module on one host: validate, query, then apply unless in check
 * mode. Turns the module's answer into a task outcome with Ansible's fields.
 */
import { appliedFields, type AnyTaskModule, type FileDiff, type ModuleContext, type ResultFields } from '../modules/contract.js';
import { UnreachableError } from '../errors.js';
import { stateDiff } from '../output/diff.js';
import { checkModuleArgs } from './module-args.js';
import { expandPathParams } from './path-params.js';

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped';

export interface TaskOutcome {
  status: TaskStatus;
  /** What `register` stores: Ansible's field names. */
  result: ResultFields;
  diff?: FileDiff | undefined;
}

export interface RunFlags {
  check: boolean;
  diff: boolean;
}

/**
 * A read-only module's view of the host for its query: `ctx` answers from
 * what was read ahead; `readAhead` says this task's reads were taken, so
 * query-then-apply (no round trip when nothing changes) beats converge.
 */
export interface QueryAccess {
  ctx: ModuleContext;
  readAhead: boolean;
}

export async function runModule(
  module: AnyTaskModule,
  args: Record<string, unknown>,
  ctx: ModuleContext,
  flags: RunFlags,
  reads?: QueryAccess,
): Promise<TaskOutcome> {
  try {
    return await queryThenApply(module, args, ctx, flags, module.readOnlyQuery ? reads : undefined);
  } catch (err) {
    // An unreachable host is the caller's to count; anything else fails this task on this host.
    if (err instanceof UnreachableError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    return { status: 'failed', result: { failed: true, changed: false, msg } };
  }
}

async function queryThenApply(module: AnyTaskModule, args: Record<string, unknown>, ctx: ModuleContext, flags: RunFlags, reads: QueryAccess | undefined): Promise<TaskOutcome> {
  const checked = checkModuleArgs(module, args);
  if (!checked.ok) return { status: 'failed', result: { failed: true, changed: false, msg: checked.message } };
  checked.params = await expandPathParams(module, checked.params, ctx);
  if (module.converge && !flags.check && !flags.diff && !reads?.readAhead) {
    const result = await module.converge(checked.params, ctx);
    return { status: result.failed === true ? 'failed' : result.changed === true ? 'changed' : 'ok', result };
  }
  const query = await module.query(checked.params, reads?.ctx ?? ctx);
  if (!query.changed) {
    const result: ResultFields = { changed: false, ...(flags.check && query.checkResult ? query.checkResult : query.result) };
    return { status: result.failed === true ? 'failed' : result.skipped === true ? 'skipped' : 'ok', result };
  }
  const diff = flags.diff ? (query.diff ?? stateDiff(query.before, query.after)) : undefined;
  if (flags.check && module.check !== 'run') {
    if (module.check === 'skip' && query.checkSkips !== false) {
      // The module may say what it registers when not run (command's cmd, rc...), its own msg or none (msg: undefined, as raw).
      const result: ResultFields = { changed: false, skipped: true, msg: `skipped in check mode (${query.reason})`, ...query.result };
      if (result.msg === undefined) delete result.msg;
      return { status: 'skipped', result };
    }
    return { status: 'changed', result: { changed: true, ...query.result }, diff };
  }
  const result = appliedFields(await module.apply(checked.params, query.plan, ctx));
  return { status: result.failed === true ? 'failed' : result.changed === true ? 'changed' : 'ok', result, diff };
}
