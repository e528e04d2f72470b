/**
 * The live view on a terminal (listr2): the running task shows how many
 * hosts are done and for how long, failures are expanded under it, and a
 * finished task collapses to one line with its counts. Plays, handlers and
 * the recap print as plain lines between them. The only file that imports
 * listr2.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import { renderDiff } from './diff.js';
import { censorEvent, type HostStatus, type Reporter, type RunEvent, type TaskInfo } from './events.js';
import { dumpJson, shownResult } from './line-reporter.js';
import { banner, formatRecap } from './recap.js';

export interface TtyReporterOptions {
  write(line: string): void;
  diff: boolean;
  /** Applied to what listr2 draws itself (titles, failures): it writes to the terminal, not through `write`. */
  mask?: ((text: string) => string) | undefined;
}

interface LiveTask {
  info: TaskInfo;
  started: number;
  total: number;
  counts: Record<HostStatus, number>;
  failures: string[];
  hardFailures: number;
  finish(): void;
  done: Promise<void>;
  wrapper?: ListrTaskWrapper<unknown, never, never> | undefined;
}

function summaryText(t: LiveTask): string {
  const parts = (['ok', 'changed', 'failed', 'unreachable', 'skipped'] as const).filter((k) => t.counts[k] > 0).map((k) => `${k}=${t.counts[k]}`);
  const elapsed = ((Date.now() - t.started) / 1000).toFixed(1);
  return `${t.info.handler ? 'HANDLER' : 'TASK'} [${t.info.name}] ${parts.join(' ')} (${elapsed} s)`;
}

export function createTtyReporter(options: TtyReporterOptions): Reporter {
  const mask = options.mask ?? ((text: string) => text);
  const summary = (t: LiveTask) => mask(summaryText(t));
  let playHosts = 0;
  let live: LiveTask | undefined;
  let listrRun: Promise<unknown> = Promise.resolve();

  const endTask = async () => {
    if (!live) return;
    live.finish();
    live = undefined;
    await listrRun;
  };

  const startTask = (info: TaskInfo) => {
    let finish = () => undefined as void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const task: LiveTask = { info, started: Date.now(), total: playHosts, counts: { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0 }, failures: [], hardFailures: 0, finish, done };
    live = task;
    const list = new Listr(
      [
        {
          title: mask(`${info.handler ? 'HANDLER' : 'TASK'} [${info.name}]`),
          task: async (_ctx, wrapper) => {
            task.wrapper = wrapper as unknown as ListrTaskWrapper<unknown, never, never>;
            // Elapsed time ticks while hosts work.
            const timer = setInterval(() => (wrapper.title = progressTitle(task)), 250);
            await task.done;
            clearInterval(timer);
            wrapper.title = summary(task);
            // A failure that was not ignored marks the task failed (✖), its details under it.
            if (task.hardFailures > 0) throw new Error(mask(task.failures.join('\n')));
            if (task.failures.length > 0) wrapper.output = mask(task.failures.join('\n'));
          },
          rendererOptions: { persistentOutput: true, outputBar: Infinity },
        },
      ],
      // listr2's own SIGINT handler exits the process (127, no recap): Ctrl-C is the CLI's to handle.
      { concurrent: false, exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseSubtasks: true } },
    );
    listrRun = list.run().catch(() => undefined);
  };

  const progressTitle = (t: LiveTask) => {
    const done = Object.values(t.counts).reduce((a, b) => a + b, 0);
    return mask(`${t.info.handler ? 'HANDLER' : 'TASK'} [${t.info.name}] ${done}/${t.total} hosts, ${((Date.now() - t.started) / 1000).toFixed(1)} s`);
  };

  let chain: Promise<void> = Promise.resolve();
  const handle = async (event: RunEvent): Promise<void> => {
    switch (event.type) {
      case 'playbook_start':
      case 'play_end':
        return;
      case 'play_start':
        await endTask();
        playHosts = event.hosts.length;
        options.write(banner(`PLAY [${event.name}]`));
        return;
      case 'no_hosts_matched':
        options.write('skipping: no hosts matched');
        return;
      case 'task_start':
        await endTask();
        startTask(event.task);
        return;
      case 'host_result': {
        if (!live || event.item !== undefined) return;
        event = censorEvent(event);
        live.counts[event.status]++;
        if (live.wrapper) live.wrapper.title = progressTitle(live);
        if (event.status === 'failed' || event.status === 'unreachable') {
          const shown = event.censored ? event.result : shownResult(event);
          live.failures.push(`${event.status === 'failed' ? 'FAILED' : 'UNREACHABLE'} [${event.host}]${event.ignored ? ' (ignored)' : ''}: ${dumpJson(shown)}`);
          if (!event.ignored) live.hardFailures++;
        }
        if (options.diff && event.diff && !event.censored) live.failures.push(...renderDiff(event.diff, true));
        return;
      }
      case 'warning':
        await endTask();
        options.write(`[WARNING]: ${event.message}`);
        return;
      case 'message':
        return;
      case 'recap':
        await endTask();
        options.write('');
        for (const line of formatRecap(event.stats, event.ms, event.slowest)) options.write(line);
        return;
    }
  };

  return {
    emit(event) {
      // Events are handled in order; listr2 renders asynchronously.
      chain = chain.then(() => handle(event));
    },
    async close() {
      await chain;
      await endTask();
    },
  };
}
