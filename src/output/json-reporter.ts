/**
 * `--json`: one JSON object per event and line, for CI and tools, in the
 * versioned shapes of json-events.ts. The reporter adds what a line read
 * alone needs: the play and batch a task or result belongs to, and each
 * host's time on the task.
 */
import { censorEvent, type HostResultEvent, type Reporter, type RunEvent } from './events.js';
import { JSON_EVENTS_VERSION, type JsonEvent } from './json-events.js';
import { visibleResult } from './line-reporter.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Body = DistributiveOmit<JsonEvent, 'version' | 'time'>;

/** What a host result shows: no internal keys; under no_log only that it ran, its item as null. */
function shown(event: HostResultEvent): { result: HostResultEvent['result']; diff: HostResultEvent['diff']; item: string | null | undefined } {
  if (!event.censored) return { result: visibleResult(event.result), diff: event.diff, item: event.item };
  const hidden = censorEvent(event);
  return { result: hidden.result, diff: undefined, item: event.item === undefined ? undefined : null };
}

function taskOf(task: HostResultEvent['task']): Extract<Body, { type: 'task_start' }>['task'] {
  return { name: task.name, action: task.action, handler: task.handler, ...(task.location !== undefined ? { location: task.location } : {}) };
}

export function createJsonReporter(write: (line: string) => void, now: () => number = Date.now): Reporter {
  let play = '';
  let batch = 1;
  let taskStarted = now();
  /** When each host began the current task, then when its last loop item ended. */
  const hostSince = new Map<string, number>();
  const hostStarted = new Map<string, number>();

  const body = (event: RunEvent): Body => {
    switch (event.type) {
      case 'playbook_start':
        return event;
      case 'play_start':
        play = event.name;
        batch = 1;
        return { type: 'play_start', play, hosts: [...event.hosts] };
      case 'no_hosts_matched':
        return event;
      case 'batch_start':
        batch = event.batch;
        return { ...event, hosts: [...event.hosts] };
      case 'task_start':
        taskStarted = now();
        hostSince.clear();
        hostStarted.clear();
        return { type: 'task_start', play, batch, task: taskOf(event.task), hosts: [...(event.hosts ?? [])] };
      case 'host_start':
        hostSince.set(event.host, now());
        hostStarted.set(event.host, now());
        return { type: 'host_start', play, batch, task: taskOf(event.task), host: event.host };
      case 'host_result': {
        const at = now();
        const item = event.item !== undefined;
        const since = (item ? hostSince.get(event.host) : hostStarted.get(event.host)) ?? taskStarted;
        if (item) hostSince.set(event.host, at);
        const { result, diff, item: label } = shown(event);
        return {
          type: 'host_result',
          play,
          batch,
          task: taskOf(event.task),
          host: event.host,
          status: event.status,
          ms: Math.max(0, at - since),
          ignored: event.ignored === true,
          censored: event.censored === true,
          loopSummary: event.loopSummary === true,
          ...(event.delegatedTo !== undefined && event.delegatedTo !== event.host ? { delegatedTo: event.delegatedTo } : {}),
          ...(diff !== undefined ? { diff } : {}),
          result,
          ...(label !== undefined ? { item: label } : {}),
        };
      }
      case 'warning':
      case 'message':
        return event;
      case 'play_end':
        return { type: 'play_end', play: event.name, ms: event.ms };
      case 'recap':
        return { ...event, stats: Object.fromEntries(event.stats), slowest: [...event.slowest] };
    }
  };

  return {
    emit(event) {
      write(JSON.stringify({ version: JSON_EVENTS_VERSION, time: new Date(now()).toISOString(), ...body(event) }));
    },
    async close() {},
  };
}
