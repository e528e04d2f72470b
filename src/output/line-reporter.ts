/**
 * The default reporter when stdout is not a TTY: Ansible's own line format
 * (banners, `ok: [host]`, `fatal: [host]: FAILED! => {...}`, PLAY RECAP), so
 * logs read the same and tools that parse Ansible output keep working.
 */
import type { ResultFields } from '../modules/contract.js';
import { renderDiff } from './diff.js';
import type { HostResultEvent, Reporter, RunEvent } from './events.js';
import { banner, formatRecap } from './recap.js';

export interface LineReporterOptions {
  write(line: string): void;
  verbosity: number;
  diff: boolean;
}

/** Fields Ansible keeps out of what it prints. */
const INTERNAL = /^_ansible_|^invocation$/;

export function visibleResult(result: ResultFields): ResultFields {
  return Object.fromEntries(Object.entries(result).filter(([k]) => !INTERNAL.test(k)));
}

/** One-line JSON with sorted keys, as Ansible's callback dumps results. */
export function dumpJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sortKeys(obj[k])]));
  }
  return value;
}

function hostLabel(e: HostResultEvent): string {
  return e.delegatedTo && e.delegatedTo !== e.host ? `[${e.host} -> ${e.delegatedTo}]` : `[${e.host}]`;
}

function showsResult(e: HostResultEvent, verbosity: number): boolean {
  return verbosity > 0 || e.result._ansible_verbose_always === true;
}

export function formatHostResult(e: HostResultEvent, verbosity: number): string[] {
  const result = e.censored ? { censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result", changed: e.result.changed === true } : visibleResult(e.result);
  const item = e.item !== undefined ? ` (item=${e.item})` : '';
  const lines: string[] = [];
  switch (e.status) {
    case 'ok':
    case 'changed': {
      const verb = e.status === 'ok' ? 'ok' : 'changed';
      const shown = showsResult(e, verbosity);
      const body = shown ? dumpJson(e.loopSummary ? result : result, 4) : '';
      if (e.item !== undefined) lines.push(`${verb}: ${hostLabel(e)} => (item=${e.item})${shown ? ` => ${body}` : ''}`);
      else lines.push(`${verb}: ${hostLabel(e)}${shown ? ` => ${body}` : ''}`);
      break;
    }
    case 'skipped':
      lines.push(e.item !== undefined ? `skipping: ${hostLabel(e)} => (item=${e.item}) ` : `skipping: ${hostLabel(e)}`);
      break;
    case 'failed':
      lines.push(
        e.item !== undefined
          ? `failed: ${hostLabel(e)}${item} => ${dumpJson(result)}`
          : `fatal: ${hostLabel(e)}: FAILED! => ${dumpJson(result)}`,
      );
      if (e.ignored && !e.item) lines.push('...ignoring');
      break;
    case 'unreachable':
      lines.push(`fatal: ${hostLabel(e)}: UNREACHABLE! => ${dumpJson(result)}`);
      if (e.ignored) lines.push('...ignoring');
      break;
  }
  return lines;
}

export function createLineReporter(options: LineReporterOptions): Reporter {
  const { write } = options;
  return {
    emit(event: RunEvent) {
      switch (event.type) {
        case 'playbook_start':
          return;
        case 'play_start':
          write('');
          write(banner(`PLAY [${event.name}]`));
          return;
        case 'no_hosts_matched':
          write('skipping: no hosts matched');
          return;
        case 'task_start':
          write('');
          write(banner(`${event.task.handler ? 'RUNNING HANDLER' : 'TASK'} [${event.task.name}]`));
          return;
        case 'host_result':
          if (options.diff && event.diff && !event.censored) for (const line of renderDiff(event.diff, false)) write(line);
          for (const line of formatHostResult(event, options.verbosity)) write(line);
          return;
        case 'warning':
          write(`[WARNING]: ${event.message}`);
          return;
        case 'message':
          write(event.message);
          return;
        case 'play_end':
          return;
        case 'recap':
          write('');
          for (const line of formatRecap(event.stats, event.ms, event.slowest)) write(line);
          return;
      }
    },
    async close() {},
  };
}
