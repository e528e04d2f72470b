/**
 * wait_for_connection: retries a trivial command until the host answers
 * (after a reboot, or while its sshd comes up). Unlike wait_for this needs
 * one round trip per try: reaching the host is the thing being waited for.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineModule } from './contract.js';
import { int } from './support/params.js';

export const waitForConnectionParams = z
  .object({
    // 0: no limit on a try, as Ansible takes it (ssh's ConnectTimeout=0).
    connect_timeout: int(0).default(5),
    delay: int(0).default(0),
    sleep: int(0).default(1),
    timeout: int(0).default(600),
  })
  .strict();
export type WaitForConnectionParams = z.infer<typeof waitForConnectionParams>;

/** The controller's clock and sleep; tests give their own. */
export interface ConnectionClock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

export function waitForConnectionModuleWith(clock: ConnectionClock) {
  return defineModule<WaitForConnectionParams, null>({
    name: 'wait_for_connection',
    schema: waitForConnectionParams,
    // Ansible skips it in check mode (registering only `skipped`): the wait happens in apply, which changes nothing.
    check: 'skip',
    async query() {
      return { changed: true, reason: 'wait for the connection', plan: null, result: { msg: undefined } };
    },
    async apply(p, _plan, ctx) {
      const start = clock.now();
      if (p.delay > 0) await clock.sleep(p.delay * 1000);
      const end = start + p.timeout * 1000;
      let last = 'no attempt made';
      for (;;) {
        try {
          // The ping module's job, without an interpreter: the shell answers.
          const r = await ctx.run('echo pong', p.connect_timeout > 0 ? { timeoutMs: p.connect_timeout * 1000 } : {});
          if (r.rc === 0 && r.stdout.trim() === 'pong') {
            return { changed: false, elapsed: Math.floor((clock.now() - start) / 1000) };
          }
          last = `ping test failed: ${r.stderr.trim() || `rc ${r.rc}`}`;
        } catch (err) {
          // Unreachable for now (the connection is re-made on the next try).
          last = err instanceof Error ? err.message : String(err);
        }
        if (clock.now() + p.sleep * 1000 >= end) break;
        await clock.sleep(p.sleep * 1000);
      }
      const elapsed = Math.floor((clock.now() - start) / 1000);
      const msg = `timed out waiting for ping module test: ${last}`;
      return { changed: false, failed: true, msg, elapsed };
    },
  });
}

export const waitForConnectionModule = waitForConnectionModuleWith({ now: () => Date.now(), sleep });
