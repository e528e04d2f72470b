// A node:test reporter that records each unit test file's time (its suite in a bundled group) in
// dist/unit-durations.json, so that the next bundling (bundle-unit-tests.mjs) makes groups of about
// equal time. It writes the file itself at each file's end and prints nothing, so that a run cut
// short still leaves the times of the files it finished.
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../dist/unit-durations.json', import.meta.url));

export default async function* unitDurations(source) {
  const times = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, details } = event.data;
    if (!/^tests\/unit\/.*\.test\.js$/.test(name) || typeof details?.duration_ms !== 'number') continue;
    times[name] = Math.round(details.duration_ms);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(times, null, 1)}\n`);
    renameSync(`${file}.tmp`, file);
  }
  yield '';
}
