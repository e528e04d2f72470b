/**
 * The default reporter when stdout is not a TTY: Ansible's own line format
 * (banners, `ok: [host]`, `fatal: [host]: FAILED! => {...}`, PLAY RECAP), so
 * logs read the same and tools that parse Ansible output keep working.
 */
import type { ResultFields } from '../modules/contract.js';
import { renderDiff } from './diff.js';
import { censorEvent, type HostResultEvent, type Reporter, type RunEvent } from './events.js';
import { banner, formatRecap, warningLine } from './recap.js';

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

/**
 * JSON as Python's json.dumps(sort_keys=True) writes it, which is what
 * Ansible prints: `{"a": 1, "b": [1, 2]}` on one line, or indented.
 */
export function dumpJson(value: unknown, indent?: number, depth = 0): string {
  const json = JSON.stringify(value === undefined ? null : value);
  if (value === null || typeof value !== 'object') return json;
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${pad}${value.map((v) => dumpJson(v, indent, depth + 1)).join(sep + pad)}${end}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  if (keys.length === 0) return '{}';
  return `{${pad}${keys.map((k) => `${JSON.stringify(k)}: ${dumpJson(obj[k], indent, depth + 1)}`).join(sep + pad)}${end}}`;
}

/** Keys a debug result keeps when it has a msg (Ansible's callback drops the rest). */
const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations']);
const HIDDEN_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason', 'ansible_loop_var', 'item', 'ansible_index_var'];

/**
 * A module's `warnings`, which Ansible prints as [WARNING] lines before the
 * host's status and leaves out of the result it shows (the registered
 * variable keeps them). None from a censored result or a loop item.
 */
export function resultWarnings(e: Pick<HostResultEvent, 'result' | 'censored' | 'item'>): string[] {
  const warnings = e.result.warnings;
  if (e.censored || e.item !== undefined || !Array.isArray(warnings)) return [];
  return warnings.filter((w): w is string => typeof w === 'string');
}

/** What the callback shows of a result: no internal keys, no `failed` flag, debug reduced to its message. */
export function shownResult(e: HostResultEvent): ResultFields {
  const result = visibleResult(e.result);
  delete result.failed;
  if (resultWarnings(e).length > 0) delete result.warnings;
  if (e.task.action === 'debug' && e.status !== 'failed') {
    if ('msg' in result) return Object.fromEntries(Object.entries(result).filter(([k]) => DEBUG_ALLOWED.has(k)));
    for (const k of HIDDEN_IN_DEBUG) delete result[k];
  }
  return result;
}

/** A censored result as Ansible prints it: debug's drops `changed`, as its uncensored results do. */
function censoredShown(e: HostResultEvent): ResultFields {
  if (e.task.action !== 'debug') return e.result;
  const { changed: _changed, ...rest } = e.result;
  return rest;
}

function hostLabel(e: HostResultEvent): string {
  return e.delegatedTo && e.delegatedTo !== e.host ? `[${e.host} -> ${e.delegatedTo}]` : `[${e.host}]`;
}

function showsResult(e: HostResultEvent, verbosity: number): boolean {
  return verbosity > 0 || e.result._ansible_verbose_always === true;
}

export function formatHostResult(event: HostResultEvent, verbosity: number): string[] {
  const e = censorEvent(event);
  const result = e.censored ? censoredShown(e) : shownResult(e);
  const item = e.item !== undefined ? ` (item=${e.item})` : '';
  const lines: string[] = [];
  // A looped task's items were shown one by one; its summary adds only "...ignoring". A
  // censored summary has no results to stand for it, so Ansible prints it as a result.
  const items = event.result.results;
  if (e.loopSummary && Array.isArray(items) && items.length > 0 && !e.censored) return e.ignored ? ['...ignoring'] : [];
  switch (e.status) {
    case 'ok':
    case 'changed': {
      const verb = e.status === 'ok' ? 'ok' : 'changed';
      const shown = showsResult(e, verbosity);
      // Ansible indents a result at -vvv, or when the module asks (debug, assert); else one line.
      const indent = verbosity > 2 || (!e.censored && e.result._ansible_verbose_always === true) ? 4 : undefined;
      const body = shown ? dumpJson(result, indent) : '';
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
  const warned = new Set<string>();
  return {
    emit(event: RunEvent) {
      switch (event.type) {
        case 'playbook_start':
        case 'batch_start':
        case 'host_start':
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
          // Ansible prints nothing of a no_log task's diff.
          if (options.diff && event.diff && !event.censored) {
            for (const line of renderDiff(event.diff, false)) write(line);
            // Ansible ends each diff with a blank line, before the host's status line.
            write('');
          }
          // Ansible shows a module's warning once per run, however many hosts gave it.
          for (const warning of resultWarnings(event)) if (!warned.has(warning) && warned.add(warning)) write(warningLine(warning));
          for (const line of formatHostResult(event, options.verbosity)) write(line);
          return;
        case 'warning':
          write(warningLine(event.message));
          return;
        case 'message':
          write(event.message);
          return;
        case 'play_end':
          return;
        case 'recap':
          write('');
          // The slowest tasks are for whoever asked for more (-v); --json always carries them.
          for (const line of formatRecap(event.stats, event.ms, options.verbosity > 0 ? event.slowest : [])) write(line);
          return;
      }
    },
    async close() {},
  };
}
