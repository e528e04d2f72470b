/**
 * pause: waits a number of seconds or minutes on the controller. Prompting
 * for input is not supported (runs are not interactive), so `prompt`, or a
 * pause without a duration (which would wait for Enter), is a clear error.
 * Ansible runs pause once for all hosts (BYPASS_HOST_LOOP); that is the
 * executor's business, this module only waits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineModule } from './contract.js';
import { formatTime } from './support/host-output.js';
import { bool, num } from './support/params.js';

export const pauseParams = z
  .object({
    seconds: num().optional(),
    minutes: num().optional(),
    prompt: z.string().optional(),
    echo: bool().default(true),
  })
  .strict()
  .refine((p) => !(p.seconds !== undefined && p.minutes !== undefined), { message: "'seconds' and 'minutes' are mutually exclusive" });
export type PauseParams = z.infer<typeof pauseParams>;

/** How long to wait, in whole seconds (at least one, as Ansible). */
type Plan = number;

/** The controller's clock and sleep; tests give their own. */
export interface PauseClock {
  now(): Date;
  sleep(ms: number): Promise<unknown>;
}

const refuse = (msg: string) => ({ changed: false as const, reason: msg, result: { failed: true, msg } });

export function pauseModuleWith(clock: PauseClock) {
  return defineModule<PauseParams, Plan>({
    name: 'pause',
    schema: pauseParams,
    // The wait is the whole task, in check mode too (Ansible's pause ignores it).
    check: 'run',
    async query(p) {
      if (p.prompt !== undefined) return refuse('pause: "prompt" is not supported (kolla-run runs are not interactive)');
      const asked = p.minutes !== undefined ? p.minutes * 60 : p.seconds;
      if (asked === undefined) return refuse('pause: give "seconds" or "minutes" (waiting for input is not supported)');
      const seconds = Math.max(1, Math.trunc(asked));
      return { changed: true, reason: `would pause for ${seconds} s`, plan: seconds };
    },
    async apply(p, seconds) {
      const unit = p.minutes !== undefined ? 'minutes' : 'seconds';
      const start = clock.now();
      await clock.sleep(seconds * 1000);
      const stop = clock.now();
      const elapsed = (stop.getTime() - start.getTime()) / 1000;
      const duration = Math.round((unit === 'minutes' ? elapsed / 60 : elapsed) * 100) / 100;
      // Waiting changes nothing: the task is ok, as in Ansible.
      return {
        changed: false,
        rc: 0, stderr: '', stdout: `Paused for ${duration} ${unit}`,
        start: formatTime(start), stop: formatTime(stop), delta: Math.trunc(duration), echo: p.echo, user_input: '',
      };
    },
  });
}

export const pauseModule = pauseModuleWith({ now: () => new Date(), sleep });
