/** `--json`: one JSON object per event and line, for CI and tools. */
import type { Reporter, RunEvent } from './events.js';
import { visibleResult } from './line-reporter.js';

function serialise(event: RunEvent): unknown {
  switch (event.type) {
    case 'recap':
      return { ...event, stats: Object.fromEntries(event.stats) };
    case 'host_result':
      return event.censored ? { ...event, result: { censored: true, changed: event.result.changed === true } } : { ...event, result: visibleResult(event.result) };
    default:
      return event;
  }
}

export function createJsonReporter(write: (line: string) => void): Reporter {
  return {
    emit(event) {
      write(JSON.stringify({ time: new Date().toISOString(), ...(serialise(event) as object) }));
    },
    async close() {},
  };
}
