/** `--json`: one JSON object per event and line, for CI and tools. */
import { censorEvent, type Reporter, type RunEvent } from './events.js';
import { visibleResult } from './line-reporter.js';

function serialise(event: RunEvent): unknown {
  switch (event.type) {
    case 'recap':
      return { ...event, stats: Object.fromEntries(event.stats) };
    case 'host_result': {
      if (!event.censored) return { ...event, result: visibleResult(event.result) };
      // A hidden loop item is JSON's null (Ansible prints Python's None).
      const hidden = censorEvent(event);
      return hidden.item !== undefined ? { ...hidden, item: null } : hidden;
    }
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
