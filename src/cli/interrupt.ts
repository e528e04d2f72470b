/**
 * Ctrl-C during a run, with or without a terminal: the first SIGINT stops
 * starting work and ends the commands running on the hosts (the run then
 * reports the hosts that were mid-task and the recap, exit 99); a second
 * one exits at once.
 */
import { ExitCode, InterruptedError } from '../errors.js';
import type { Reporter, RunEvent } from '../output/events.js';

export interface Interrupt {
  readonly signal: AbortSignal;
  /** Wraps the run's reporter to learn which hosts a Ctrl-C caught mid-task. */
  watch(reporter: Reporter): Reporter;
  /** After the run: one line naming the task and the hosts it was stopped on, when interrupted. */
  summary(): string | undefined;
  dispose(): void;
}

export function handleInterrupts(say: (line: string) => void): Interrupt {
  const controller = new AbortController();
  const caught = new Map<string, string[]>();
  let count = 0;
  const onSignal = () => {
    count += 1;
    if (count > 1) {
      say('kolla-run: interrupted again: exiting now');
      process.exit(ExitCode.interrupted);
    }
    say('kolla-run: interrupted: stopping the running tasks (Ctrl-C again to quit at once)');
    controller.abort(new InterruptedError());
  };
  process.on('SIGINT', onSignal);
  const note = (event: RunEvent) => {
    if (event.type !== 'host_result' || event.loopSummary || event.result.interrupted !== true) return;
    caught.set(event.task.name, [...(caught.get(event.task.name) ?? []), event.host]);
  };
  return {
    signal: controller.signal,
    watch: (reporter) => ({
      emit(event) {
        note(event);
        reporter.emit(event);
      },
      close: () => reporter.close(),
    }),
    summary() {
      if (!controller.signal.aborted) return undefined;
      if (caught.size === 0) return 'kolla-run: interrupted (Ctrl-C) between tasks';
      const where = [...caught].map(([task, hosts]) => `TASK [${task}] on ${[...new Set(hosts)].sort().join(', ')}`);
      return `kolla-run: interrupted (Ctrl-C) during ${where.join('; ')}`;
    },
    dispose: () => process.removeListener('SIGINT', onSignal),
  };
}
