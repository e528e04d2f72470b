import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitForModule } from '../../../src/modules/wait_for.js';
import { ansibleTasks, pick } from '../../support/ansible-task.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
const serverPids: number[] = [];
const port = 20000 + Math.floor(Math.random() * 20000);
const dir = `/tmp/kr-wait-for-${process.pid}`;

before(async () => {
  host = await moduleHost(2);
  await host.sh(`mkdir -p ${dir}`);
});
after(async () => {
  await host.sh(`rm -rf ${dir}; ${serverPids.map((pid) => `kill ${pid} 2>/dev/null;`).join(' ')} true`);
  await host.close();
});

/** A TCP server on the node that starts listening after `delay` seconds and lives at most 20 s. */
async function serverLater(delay: number): Promise<void> {
  const py = `import socket,time,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", ${port})); s.listen(5)\nwhile True:\n  c,_=s.accept(); c.sendall(b"hello kr-ready v42\\n"); time.sleep(0.2); c.close()`;
  const pid = await host.sh(`sh -c 'sleep ${delay}; exec timeout 20 python3 -c "$0"' ${quoteSh(py)} </dev/null >/dev/null 2>&1 & echo $!`);
  serverPids.push(Number(pid.trim()));
}
const quoteSh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test('a port that opens after 1 s: ok, not changed, elapsed and state registered', { timeout: 60_000 }, async () => {
  await serverLater(1);
  const out = await host.run(waitForModule, { port, timeout: 15 });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.equal(out.result.changed, false);
  assert.equal(out.result.state, 'started');
  assert.equal(out.result.port, port);
  assert.ok(typeof out.result.elapsed === 'number' && out.result.elapsed >= 0 && out.result.elapsed <= 10, String(out.result.elapsed));
  assert.deepEqual(out.result.match_groups, []);
});

test('search_regex on a port reads what the server sends', { timeout: 60_000 }, async () => {
  const out = await host.run(waitForModule, { port, search_regex: 'kr-ready', timeout: 10 });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
});

test('timeout: failed with Ansible\'s message, or the given msg', { timeout: 60_000 }, async () => {
  const closed = port + 1;
  const out = await host.run(waitForModule, { port: closed, timeout: 2 });
  assert.equal(out.status, 'failed');
  assert.equal(out.result.msg, `Timeout when waiting for 127.0.0.1:${closed}`);
  assert.ok(Number(out.result.elapsed) >= 2);
  const custom = await host.run(waitForModule, { port: closed, timeout: 1, msg: 'service never came up' });
  assert.equal(custom.result.msg, 'service never came up');
});

test('state=stopped on a closed port is met at once', { timeout: 60_000 }, async () => {
  const out = await host.run(waitForModule, { port: port + 1, state: 'stopped', timeout: 5 });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.ok(Number(out.result.elapsed) < 3, String(out.result.elapsed));
});

test('a file with search_regex: match_groups and match_groupdict', { timeout: 60_000 }, async () => {
  const file = `${dir}/log`;
  await host.sh(`(sleep 1; printf 'starting\\nlistening on port=5672 name=rabbit\\n' > ${file}) </dev/null >/dev/null 2>&1 &`);
  const out = await host.run(waitForModule, { path: file, search_regex: 'port=(\\d+) name=(?P<name>\\w+)', timeout: 10 });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.deepEqual(out.result.match_groups, ['5672', 'rabbit']);
  assert.deepEqual(out.result.match_groupdict, { name: 'rabbit' });
  assert.equal(out.result.path, file);
  const missing = await host.run(waitForModule, { path: file, search_regex: '^never here$', timeout: 1 });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, `Timeout when waiting for search string ^never here$ in ${file}`);
});

test('path absent, and the whole wait happens in one host command', { timeout: 60_000 }, async () => {
  let runs = 0;
  const counting = { ...host.ctx, run: (...args: Parameters<typeof host.ctx.run>) => (runs++, host.ctx.run(...args)) };
  const params = waitForModule.schema.parse({ path: `${dir}/none`, state: 'absent', timeout: 3 });
  const q = await waitForModule.query(params, counting);
  assert.equal(runs, 0, 'query waits for nothing (check mode skips the task)');
  const r = await waitForModule.apply(params, q.changed ? q.plan : null, counting);
  assert.equal(r.changed, false);
  assert.equal(r.failed, undefined, JSON.stringify(r));
  assert.equal(runs, 1);
});

test('check mode skips the task, as Ansible 2.14 whose wait_for does not support it', { timeout: 60_000 }, async () => {
  const out = await host.run(waitForModule, { path: dir, timeout: 3 }, { check: true });
  assert.equal(out.status, 'skipped');
  assert.deepEqual(out.result, { changed: false, skipped: true, msg: 'remote module (wait_for) does not support check mode' });
});

test('invalid parameters are rejected naming the parameter', { timeout: 60_000 }, async () => {
  const bad = await host.run(waitForModule, { port: 22, state: 'up' });
  assert.equal(bad.status, 'failed');
  assert.match(String(bad.result.msg), /"state"/);
  const unknown = await host.run(waitForModule, { port: 22, colour: 'red' });
  assert.match(String(unknown.result.msg), /colour/);
  const both = await host.run(waitForModule, { port: 22, path: '/etc' });
  assert.equal(both.result.msg, 'port and path parameter can not both be passed to wait_for');
});

test('differential: ansible-playbook on node2 and kolla-run on node3 register the same fields', { timeout: 240_000 }, async () => {
  const node2 = await moduleHost(1);
  const file = `${dir}/diff.log`;
  try {
    const setup = `mkdir -p ${dir} && printf 'boot\\nready on port=3306 as galera\\n' > ${file}`;
    await Promise.all([node2.sh(setup), host.sh(setup)]);
    const tasks = [
      { path: file, search_regex: 'port=(\\d+) as (?P<name>\\w+)', timeout: 5 },
      { path: file, state: 'absent', timeout: 1 },
      { port: 1, timeout: 1 },
      { path: `${dir}/none`, state: 'absent' },
    ];
    const theirs = await ansibleTasks(tasks.map((t) => ({ wait_for: t })));
    const ours: Record<string, unknown>[] = [];
    for (const t of tasks) ours.push((await host.run(waitForModule, t)).result);
    const keys = ['changed', 'failed', 'msg', 'state', 'port', 'search_regex', 'match_groups', 'match_groupdict', 'path', 'elapsed'];
    assert.deepEqual(ours.map((r) => pick(r, keys)), theirs.map((r) => pick(r, keys)));
  } finally {
    await node2.sh(`rm -rf ${dir}`);
    await node2.close();
  }
});

test('search_regex finds a greeting with no newline while the peer keeps the connection open (as MariaDB greets)', { timeout: 60_000 }, async () => {
  const greeter = port + 2;
  const py = `import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", ${greeter})); s.listen(5)\nwhile True:\n  c,_=s.accept(); c.sendall(b"\\x4a\\x00\\x00\\x00\\x0b10.11.6-MariaDB-log\\x00\\x01\\x02"); time.sleep(15); c.close()`;
  const pid = await host.sh(`sh -c 'exec timeout 30 python3 -c "$0"' ${quoteSh(py)} </dev/null >/dev/null 2>&1 & echo $!`);
  serverPids.push(Number(pid.trim()));
  const out = await host.run(waitForModule, { port: greeter, search_regex: 'MariaDB', timeout: 10 });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.ok(Number(out.result.elapsed) < 8, `found before the peer closed, elapsed ${String(out.result.elapsed)}`);
});
