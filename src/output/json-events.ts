/**
 * The `--json` event stream's schema (one JSON object per line), version 1:
 * every event carries `version` and `time`; one shape per event type; a
 * loop item's result has the shape of a task's result plus `item`. The
 * README's table is this file in words. A change that a reader of version 1
 * would misread (a field removed, renamed or retyped) bumps the version;
 * a new optional field or event type does not.
 */
import { z } from 'zod';

export const JSON_EVENTS_VERSION = 1;

const base = { version: z.literal(JSON_EVENTS_VERSION), time: z.iso.datetime() };
const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
const hosts = z.array(z.string());
const play = z.string();
const batch = z.number().int().min(1);

const task = z.strictObject({
  name: z.string(),
  action: z.string(),
  location: z.string().optional(),
  handler: z.boolean(),
});

const stats = z.strictObject({ ok: count, changed: count, unreachable: count, failed: count, skipped: count, rescued: count, ignored: count });

export const jsonEvent = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('playbook_start'), file: z.string(), check: z.boolean() }),
  z.strictObject({ ...base, type: z.literal('play_start'), play, hosts }),
  z.strictObject({ ...base, type: z.literal('no_hosts_matched'), play }),
  z.strictObject({ ...base, type: z.literal('batch_start'), play, batch, batches: batch, hosts }),
  z.strictObject({ ...base, type: z.literal('task_start'), play, batch, task, hosts }),
  z.strictObject({ ...base, type: z.literal('host_start'), play, batch, task, host: z.string() }),
  z.strictObject({
    ...base,
    type: z.literal('host_result'),
    play,
    batch,
    task,
    host: z.string(),
    status: z.enum(['ok', 'changed', 'failed', 'skipped', 'unreachable']),
    /** From the host's start of the task (a loop item: from the end of its previous item) to this result. */
    ms,
    /** A failure that ignore_errors (or ignore_unreachable) let pass. */
    ignored: z.boolean(),
    /** no_log: `result` holds only `censored` and `changed`, and there is no diff. */
    censored: z.boolean(),
    /** The task's own result after its loop items (counted once, in the recap). */
    loopSummary: z.boolean(),
    delegatedTo: z.string().optional(),
    diff: z.strictObject({ path: z.string(), before: z.string(), after: z.string() }).optional(),
    result: z.record(z.string(), z.unknown()),
    /** Loop items only: the item's label (loop_control.label, else the item); null under no_log. */
    item: z.string().nullable().optional(),
  }),
  z.strictObject({ ...base, type: z.literal('warning'), message: z.string() }),
  z.strictObject({ ...base, type: z.literal('message'), message: z.string() }),
  z.strictObject({ ...base, type: z.literal('play_end'), play, ms }),
  z.strictObject({
    ...base,
    type: z.literal('recap'),
    stats: z.record(z.string(), stats),
    ms,
    slowest: z.array(z.strictObject({ name: z.string(), ms })),
    interrupted: z.boolean(),
    /** The process's exit code (README: Exit codes). */
    exitCode: z.number().int(),
  }),
]);

export type JsonEvent = z.infer<typeof jsonEvent>;
