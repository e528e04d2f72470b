/**
 * Transfer benchmark, 10 hosts:
 *   - one 50 MB file (copy src=big.bin), cold and warm (unchanged: checksum only)
 *   - 1,000 small files (a directory): copy src=small/ when kolla-run's copy
 *     takes a directory, else a 1,000-item loop of copy tasks; cold and warm
 * kolla-run vs ansible-playbook vs the floor (bench/floor.ts: `cat > dest`
 * over one exec per host for the file; local `tar -c` into a remote `tar -x`
 * over one exec per host for the directory).
 *
 * Ansible copies a directory file by file (a module run per file): at a few
 * seconds per file per host here, 1,000 files would take over an hour, so it
 * is measured at two smaller counts (--ansible-files, default 10 and 30) and
 * extrapolated linearly to 1,000: that row says so.
 *
 *   node dist/bench/transfer.js [--hosts 10] [--mb 50] [--files 1000] [--quick] [--no-ansible]
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchOptions } from './support/cli.js';
import { startBenchHosts } from './support/hosts.js';
import { Report, round, rowFrom, type Row } from './support/report.js';
import { ansible, cleanRemote, dropRemote, floor, kollaRun, recap, REMOTE_ROOT, type Run } from './support/tools.js';

const BENCH = 'transfer';
const { values: own } = parseArgs({
  options: { mb: { type: 'string' }, files: { type: 'string' }, 'ansible-files': { type: 'string' } },
  strict: false,
});
const benchArgs = process.argv.slice(2).filter((a, i, all) => !['--mb', '--files', '--ansible-files'].includes(a) && !['--mb', '--files', '--ansible-files'].includes(all[i - 1] ?? ''));
const opts = benchOptions({ hosts: [10], quickHosts: [2], runs: 1 }, benchArgs);
const mb = Number(own.mb ?? (opts.quick ? 2 : 50));
const files = Number(own.files ?? (opts.quick ? 20 : 1000));
const ansibleFiles = String(own['ansible-files'] ?? '10,30')
  .split(',')
  .map(Number);
const report = new Report(BENCH, {
  quick: opts.quick,
  targets: [
    { ratio: 'kolla-run / floor', max: 1.5 },
    { ratio: 'ansible / kolla-run', min: 10 },
  ],
});

function status(run: Run, n: number, warm: boolean, more: Partial<Row> = {}): Partial<Row> {
  const r = recap(run.stdout);
  const notes: string[] = more.note ? [more.note] : [];
  if (warm && r.changed > 0) notes.push('warm run changed something');
  if (!warm && r.changed === 0 && run.exitCode === 0 && run.stdout.includes('PLAY RECAP')) notes.push('cold run changed nothing');
  return { ...more, hosts: n, extra: { ...more.extra, changed: r.changed, failed: r.failed }, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

const play = (tasks: string[]): string => ['- hosts: bench', '  gather_facts: false', '  tasks:', ...tasks, ''].join('\n');
const base = `${REMOTE_ROOT}/{{ inventory_hostname }}`;
const mkdirTask = (dir: string): string =>
  [`    - name: directory`, `      command: mkdir -p ${dir}`, '      args:', `        creates: ${dir}`].join('\n');

const n = Math.max(...opts.hosts);
const hosts = await startBenchHosts(n);
const spec = (label: string) => ({ bench: BENCH, label, runs: opts.runs, serverCpu: () => hosts.serverCpuS(), timeoutS: 3600 });
try {
  const inventory = await hosts.inventory(n);
  const floorHosts = await hosts.floorHosts(n);
  const filesDir = join(hosts.dir, 'files');
  await mkdir(join(filesDir, 'small'), { recursive: true });

  // One big file of random bytes (incompressible: ssh's compression cannot help anyone).
  const big = join(filesDir, 'big.bin');
  const fh = await open(big, 'w');
  for (let i = 0; i < mb; i++) await fh.write(randomBytes(1 << 20));
  await fh.close();
  const bigBook = join(hosts.dir, 'big.yml');
  await writeFile(bigBook, play([mkdirTask(base), '    - name: big file', '      copy:', '        src: big.bin', `        dest: ${base}/big.bin`]));

  const sBig = `${mb} MB file, ${n} hosts`;
  const f = await floor(['--hosts-file', floorHosts, '--put', big, '--dest', `${REMOTE_ROOT}/{host}/big.bin`, '--rounds', '0'], { ...spec('big-floor'), before: cleanRemote });
  report.add(rowFrom(`${sBig}, cold`, 'floor', f, { hosts: n }));
  const kc = await kollaRun([bigBook, '-i', inventory], { ...spec('big-kolla-run-cold'), before: cleanRemote });
  report.add(rowFrom(`${sBig}, cold`, 'kolla-run', kc, status(kc, n, false)));
  const kw = await kollaRun([bigBook, '-i', inventory], spec('big-kolla-run-warm'));
  report.add(rowFrom(`${sBig}, warm`, 'kolla-run', kw, status(kw, n, true)));
  if (opts.ansible) {
    const ac = await ansible('ansible-playbook', [bigBook, '-i', inventory], await hosts.ansibleConfig(n), { ...spec('big-ansible-cold'), before: cleanRemote });
    report.add(rowFrom(`${sBig}, cold`, 'ansible', ac, status(ac, n, false)));
    const aw = await ansible('ansible-playbook', [bigBook, '-i', inventory], await hosts.ansibleConfig(n), spec('big-ansible-warm'));
    report.add(rowFrom(`${sBig}, warm`, 'ansible', aw, status(aw, n, true)));
  }
  await rm(big);

  // Many small files, 1 to 4 KB each.
  const writeSmall = async (dir: string, count: number): Promise<void> => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < count; i++) await writeFile(join(dir, `f${i}.txt`), `${i} ${randomBytes(512 + (i % 4) * 512).toString('hex')}\n`);
  };
  await writeSmall(join(filesDir, 'small'), files);
  const sSmall = `${files} small files, ${n} hosts`;
  const dirBook = (name: string, src: string, count: number): Promise<string> => {
    const file = join(hosts.dir, `${name}.yml`);
    return writeFile(file, play([mkdirTask(`${base}/small`), `    - name: ${count} files`, '      copy:', `        src: ${src}/`, `        dest: ${base}/small/`])).then(() => file);
  };
  // Does kolla-run's copy take a directory? Try it on one host.
  const probeBook = await dirBook('probe', 'small', files);
  const probe = await kollaRun([probeBook, '-i', inventory, '--limit', 'h001'], { ...spec('small-kolla-run-probe'), before: cleanRemote });
  let smallBook = probeBook;
  if (probe.exitCode !== 0) {
    smallBook = join(hosts.dir, 'small-loop.yml');
    await writeFile(
      smallBook,
      play([
        mkdirTask(`${base}/small`),
        `    - name: ${files} files`,
        '      copy:',
        '        src: small/f{{ item }}.txt',
        `        dest: ${base}/small/f{{ item }}.txt`,
        `      loop: "{{ range(${files}) | list }}"`,
      ]),
    );
    report.note(`kolla-run's copy does not take a directory (src=small/ failed): kolla-run copies the ${files} files with a ${files}-item loop of copy; ansible with src=small/`);
  }
  const fs = await floor(['--hosts-file', floorHosts, '--put-dir', join(filesDir, 'small'), '--dest', `${REMOTE_ROOT}/{host}/small`, '--rounds', '0'], { ...spec('small-floor'), before: cleanRemote });
  report.add(rowFrom(`${sSmall}, cold`, 'floor', fs, { hosts: n, note: 'tar stream, one exec per host' }));
  const ksc = await kollaRun([smallBook, '-i', inventory], { ...spec('small-kolla-run-cold'), before: cleanRemote });
  report.add(rowFrom(`${sSmall}, cold`, 'kolla-run', ksc, status(ksc, n, false, { note: smallBook === probeBook ? 'src=dir/' : `${files}-item loop` })));
  const ksw = await kollaRun([smallBook, '-i', inventory], spec('small-kolla-run-warm'));
  report.add(rowFrom(`${sSmall}, warm`, 'kolla-run', ksw, status(ksw, n, true, { note: smallBook === probeBook ? 'src=dir/' : `${files}-item loop` })));

  if (opts.ansible) {
    // Measured at small counts, extrapolated to `files` by the line through the two points.
    const points: Array<{ count: number; run: Run }> = [];
    for (const count of ansibleFiles) {
      const name = `small${count}`;
      await writeSmall(join(filesDir, name), count);
      const book = await dirBook(name, name, count);
      const run = await ansible('ansible-playbook', [book, '-i', inventory], await hosts.ansibleConfig(n), { ...spec(`small-ansible-${count}-cold`), before: cleanRemote });
      points.push({ count, run });
      report.add(rowFrom(`${count} small files, ${n} hosts, cold`, 'ansible', run, status(run, n, false, { note: 'src=dir/ (measured)' })));
    }
    const [a, b] = points;
    if (a && b && a.run.exitCode === 0 && b.run.exitCode === 0 && b.count !== a.count) {
      const at = (pick: (r: Run) => number): number => pick(a.run) + ((pick(b.run) - pick(a.run)) * (files - a.count)) / (b.count - a.count);
      report.add({
        scenario: `${sSmall}, cold`,
        tool: 'ansible',
        hosts: n,
        wallS: round(at((r) => r.wallS)),
        cpuS: round(at((r) => r.cpuS)),
        serverCpuS: round(at((r) => r.serverCpuS ?? 0)),
        ok: true,
        note: `EXTRAPOLATED from ${a.count} and ${b.count} files (${a.run.wallS.toFixed(1)} s, ${b.run.wallS.toFixed(1)} s); not measured`,
        extra: { 'ansible s/file/host-batch': round((b.run.wallS - a.run.wallS) / (b.count - a.count), 3) },
      });
    }
    report.note(`ansible's warm run of the ${files} files is not measured (as slow as the cold one: a module run per file)`);
  }
  await dropRemote();
  if (!opts.ansible) report.note('ansible skipped (--quick or --no-ansible)');
} finally {
  await hosts.stop();
}
report.finish();
