/**
 * Typed run events: the executor emits them, every reporter (line text,
 * JSON lines, the live TTY view) formats them. A reporter handles every
 * kind (the switch in each is exhaustive), so a new event cannot be missed.
 */
import type { FileDiff, ResultFields } from '../modules/contract.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface TaskInfo {
  /** Display name as Ansible shows it: "role : name", or the action when unnamed. */
  name: string;
  action: string;
  location?: string | undefined;
  handler: boolean;
}

export interface HostResultEvent {
  type: 'host_result';
  task: TaskInfo;
  host: string;
  status: HostStatus;
  result: ResultFields;
  /** The loop item's label, for per-item results. */
  item?: string | undefined;
  /** A failure that ignore_errors turned into ok. */
  ignored?: boolean | undefined;
  delegatedTo?: string | undefined;
  diff?: FileDiff | undefined;
  /** no_log: the result is not shown. */
  censored?: boolean | undefined;
  /** Only the final result of a looped task, after its items (not counted twice). */
  loopSummary?: boolean | undefined;
}

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface TaskTiming {
  name: string;
  ms: number;
}

export type RunEvent =
  | { type: 'playbook_start'; file: string; check: boolean }
  | { type: 'play_start'; name: string; hosts: readonly string[] }
  | { type: 'no_hosts_matched'; play: string }
  /** A play's hosts in batches (serial); `batch` counts from 1, a play without serial has one. */
  | { type: 'batch_start'; play: string; batch: number; batches: number; hosts: readonly string[] }
  /** `hosts`: the hosts the task runs on (the batch's, under serial). */
  | { type: 'task_start'; task: TaskInfo; hosts?: readonly string[] | undefined }
  /** A host begins the task (it got a fork); its results follow. */
  | { type: 'host_start'; task: TaskInfo; host: string }
  | HostResultEvent
  | { type: 'warning'; message: string }
  | { type: 'message'; message: string }
  | { type: 'play_end'; name: string; ms: number }
  | { type: 'recap'; stats: ReadonlyMap<string, HostStats>; ms: number; slowest: readonly TaskTiming[]; interrupted: boolean; exitCode: number };

export interface Reporter {
  emit(event: RunEvent): void;
  /** Waits until everything emitted is written (TTY renderers flush here). */
  close(): Promise<void>;
}

/** Ansible's words for a result that no_log hides. */
export const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/**
 * What may be shown of a no_log result: that it happened, whether it
 * changed, never its values, its loop item (Ansible prints `item=None`) or
 * its diff. Every reporter passes host results through this first.
 */
export function censorEvent(e: HostResultEvent): HostResultEvent {
  if (!e.censored) return e;
  const { diff: _diff, ...rest } = e;
  return { ...rest, result: { censored: NO_LOG_MESSAGE, changed: e.result.changed === true }, ...(e.item !== undefined ? { item: 'None' } : {}) };
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
