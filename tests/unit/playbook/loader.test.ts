import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadPlaybook, playHandlers, playRoleRefs, PlaybookLoader, type Play, type Playbook } from '../../../src/playbook/index.js';
import { catalogOf, FIXTURES, findBlock, findTask, flatTasks } from './helpers.js';
import { tempDir } from '../../support/temp-dir.js';

const GOOD = path.join(FIXTURES, 'good');
const SITE = path.join(GOOD, 'site.yml');
const opts = { catalog: catalogOf(), rolesPath: [path.join(GOOD, 'extra_roles')] };
let pb: Playbook;
let main: Play;

before(async () => {
  pb = await loadPlaybook(SITE, opts);
  const p = pb.plays[1];
  assert.ok(p);
  main = p;
});

test('import_playbook inlines the plays with its when, tags and vars', () => {
  assert.equal(pb.plays.length, 2);
  const imported = pb.plays[0];
  assert.ok(imported);
  assert.deepEqual(imported.hosts, ['all']);
  assert.deepEqual(imported.importConditions, ['run_other | default(true) | bool']);
  assert.deepEqual([...(imported.keywords.tags ?? [])].sort(), ['first', 'other']);
  assert.deepEqual(imported.keywords.vars, { from_import: 1 });
  assert.equal(imported.keywords.gather_facts, false);
  assert.equal(imported.location.file, path.join(GOOD, 'other.yml'));
  assert.equal(imported.baseDir, GOOD);
});

test('play keywords are typed and normalised', () => {
  assert.equal(main.name, 'Main play');
  assert.deepEqual(main.hosts, ['web:db']);
  assert.deepEqual(main.keywords.serial, ['50%']);
  assert.equal(main.keywords.become, true);
  assert.equal(main.keywords.max_fail_percentage, 20);
  assert.deepEqual(main.keywords.vars, { greeting: 'hello' });
  assert.deepEqual(main.location, { file: SITE, line: 9, col: 3 });
});

test('vars_files: static files are loaded, templated ones wait for run time', () => {
  const [first, second] = main.vars_files;
  assert.deepEqual(first?.loaded, { file: path.join(GOOD, 'vars/common.yml'), vars: { common_var: 1 } });
  assert.deepEqual(second?.written, ['vars/{{ os }}.yml', 'vars/common.yml']);
  assert.equal(second?.loaded, undefined);
});

test('roles resolve with defaults, vars, handlers, meta dependencies and params', () => {
  const [common, web, outside] = main.roles;
  assert.ok(common && web && outside);
  assert.equal(common.role.path, path.join(GOOD, 'roles/common'));
  assert.deepEqual(common.role.defaults, { file: path.join(GOOD, 'roles/common/defaults/main.yml'), vars: { common_port: 1234 } });
  assert.deepEqual(common.role.vars?.vars, { common_internal: true });
  assert.deepEqual(common.role.dependencies.map((d) => d.name), ['base']);
  assert.deepEqual(flatTasks(common.role.tasks).map((t) => t.name), ['Common task', 'Common other']);
  assert.ok(flatTasks(common.role.tasks).every((t) => t.role?.name === 'common' && t.role.path === common.role.path));
  assert.equal(web.role.allowDuplicates, false);
  assert.deepEqual(web.params, { web_port: 8080 });
  assert.deepEqual(web.keywords.when, ['enable_web | bool']);
  assert.deepEqual(web.keywords.tags, ['web']);
  assert.equal(outside.role.path, path.join(GOOD, 'extra_roles/outside'), 'found through rolesPath');
  assert.equal(outside.keywords.become, false);
});

test('a role used twice with the same parameters is one instance (same key); roles are loaded once', () => {
  const common = main.roles[0];
  const web = main.roles[1];
  const baseFromCommon = common?.role.dependencies[0];
  const baseFromWeb = web?.role.dependencies[0];
  assert.ok(baseFromCommon && baseFromWeb);
  assert.equal(baseFromCommon.key, baseFromWeb.key);
  assert.equal(baseFromCommon.role, baseFromWeb.role, 'cached Role object');
  const refs = playRoleRefs(main).map((r) => r.name);
  assert.deepEqual(refs, ['base', 'common', 'web', 'notasks', 'outside']);
});

test('handlers: role handlers first, then the play handlers, with listen topics', () => {
  const handlers = flatTasks(playHandlers(main));
  assert.deepEqual(handlers.map((h) => h.name), ['Restart common', 'Restart web']);
  const web = handlers[1];
  assert.equal(web?.handler, true);
  assert.deepEqual(web?.keywords.listen, ['web changed']);
});

test('free-form arguments are parsed like parse_kv', () => {
  const cmd = findTask(main.tasks, 'Free-form command');
  assert.equal(cmd.action, 'command');
  assert.deepEqual(cmd.args, { chdir: '/tmp', creates: '/x', _raw_params: 'echo "a  b"' });
  const copy = findTask(main.tasks, 'Free-form copy');
  assert.deepEqual(copy.args, { src: 'a.txt', dest: '/tmp/b c.txt', mode: '0644' });
});

test('legacy action and local_action forms', () => {
  const s = findTask(main.tasks, 'Legacy action string');
  assert.equal(s.action, 'shell');
  assert.deepEqual(s.args, { _raw_params: 'echo hi' });
  const m = findTask(main.tasks, 'Legacy action mapping');
  assert.equal(m.action, 'file');
  assert.equal(m.written, 'ansible.builtin.file');
  assert.deepEqual(m.args, { path: '/tmp/x', state: 'directory' });
  const l = findTask(main.tasks, 'Legacy local action');
  assert.equal(l.action, 'command');
  assert.equal(l.keywords.delegate_to, 'localhost');
});

test('FQCN prefixes are normalised to the short name; args keyword is merged under the module args', () => {
  const t = findTask(main.tasks, 'Args keyword merged under the module\'s own');
  assert.equal(t.action, 'command');
  assert.equal(t.written, 'ansible.builtin.command');
  assert.deepEqual(t.args, { chdir: '/srv', creates: '/srv/x', _raw_params: 'echo one' });
  assert.equal(t.locateArg(['chdir']).line, (t.location.line ?? 0) + 3, 'an args: value is located under args');
  assert.equal(t.locateArg(['_raw_params']).line, (t.location.line ?? 0) + 1);
  const web = main.roles[1];
  const modprobe = flatTasks(web?.role.tasks ?? []).find((x) => x.name === 'Web main');
  assert.equal(modprobe?.action, 'modprobe');
  assert.equal(modprobe?.written, 'community.general.modprobe');
});

test('import_tasks is inlined as a block carrying its when and tags, nested imports too', () => {
  const b = findBlock(main.tasks, (x) => x.importedFrom?.action === 'import_tasks' && x.name === 'Imported tasks');
  assert.deepEqual(b.keywords.when, ['do_import']);
  assert.deepEqual(b.keywords.tags, ['imported']);
  assert.equal(b.importedFrom?.file, path.join(GOOD, 'tasks/imported.yml'));
  assert.deepEqual(flatTasks(b.block).map((t) => t.name), ['Imported one', 'Nested one']);
  const nested = findTask(b.block, 'Nested one');
  assert.deepEqual(nested.location, { file: path.join(GOOD, 'tasks/nested.yml'), line: 1, col: 3 });
});

test('include_tasks stays dynamic; a static path is checked and resolved, a template is not', () => {
  const st = findTask(main.tasks, 'Included static');
  assert.equal(st.action, 'include_tasks');
  assert.deepEqual(st.include, { kind: 'tasks', file: 'tasks/included.yml', static: true, resolved: path.join(GOOD, 'tasks/included.yml') });
  assert.deepEqual(st.loop, { kind: 'loop', items: [1, 2] });
  const dyn = findTask(main.tasks, 'Included templated');
  assert.deepEqual(dyn.include, { kind: 'tasks', file: 'tasks/{{ action }}.yml', static: false, apply: { tags: ['applied'] } });
});

test('include_role keeps its options and resolves a static role', () => {
  const t = findTask(main.tasks, 'Include a role');
  assert.equal(t.include?.kind, 'role');
  assert.equal(t.include?.kind === 'role' && t.include.tasks_from, 'extra');
  assert.equal(t.include?.kind === 'role' && t.include.resolved, path.join(GOOD, 'roles/web'));
  assert.deepEqual(t.keywords.vars, { x: 1 });
});

test('import_role inside a role is inlined as the role body block', () => {
  const web = main.roles[1];
  const b = findBlock(web?.role.tasks ?? [], (x) => x.importedFrom?.action === 'import_role');
  assert.equal(b.roleRef?.name, 'notasks');
  assert.deepEqual(b.roleRef?.role.defaults?.vars, { nothing: 'here' });
  assert.deepEqual(b.block, []);
});

test('blocks keep rescue and always; conditions are lists', () => {
  const b = findBlock(main.tasks, (x) => x.name === 'A block');
  assert.equal(b.block.length, 1);
  assert.equal(b.rescue.length, 1);
  assert.equal(b.always.length, 1);
  assert.deepEqual(b.keywords.when, [true]);
  const inner = findTask(b.block, 'Inside');
  assert.deepEqual(inner.keywords.failed_when, ['out.rc != 0', "'x' in out.stdout"]);
  assert.deepEqual(inner.keywords.changed_when, [false]);
  assert.equal(inner.keywords.register, 'out');
  const always = b.always[0];
  assert.equal(always?.kind === 'task' && always.action, 'meta');
});

test('with_<lookup> loops, loop_control, notify', () => {
  const t = findTask(main.tasks, 'With loops');
  assert.deepEqual(t.loop, { kind: 'with', lookup: 'dict', terms: '{{ things }}' });
  assert.deepEqual(t.keywords.loop_control, { label: '{{ item.key }}' });
  assert.deepEqual(t.keywords.notify, ['Restart web']);
  assert.deepEqual(t.locateArg(['msg']), { file: SITE, line: 79, col: 14 });
});

test('tasks outside roles have no role context; locations point at the task', () => {
  const t = findTask(main.tasks, 'Set a fact');
  assert.equal(t.role, undefined);
  assert.equal(t.action, 'set_fact');
  assert.deepEqual(t.location, { file: SITE, line: 84, col: 7 });
});

test('a loader loads run-time includes with the same checks', async () => {
  const loader = new PlaybookLoader(opts);
  const book = await loader.playbook(SITE);
  const inc = findTask(book.plays[1]?.tasks ?? [], 'Included templated');
  const nodes = await loader.includeTasks(inc, 'tasks/included.yml', GOOD);
  assert.deepEqual(flatTasks(nodes).map((t) => t.name), ['Included one']);
  await assert.rejects(loader.includeTasks(inc, 'tasks/nope.yml', GOOD), /task file "tasks\/nope.yml" not found/);
  const ref = await loader.includeRole(inc, 'web', { tasks_from: 'extra' }, GOOD);
  assert.deepEqual(flatTasks(ref.role.tasks).map((t) => t.name), ['Web extra']);
});

test('duplicate keys are warnings, returned and not printed', async () => {
  const dir = await tempDir('kr-pb-');
  const file = path.join(dir, 'site.yml');
  await writeFile(file, '- hosts: all\n  tasks:\n    - name: a\n      name: b\n      ping:\n');
  const book = await loadPlaybook(file, { catalog: catalogOf() });
  assert.deepEqual(book.warnings, [`${file}:4:7: duplicate key "name"; the last one is used`]);
  assert.equal(flatTasks(book.plays[0]?.tasks ?? [])[0]?.name, 'b');
});

test('roles are found through the rolesPath option (the CLI gives --roles-path, then ansible.cfg\'s roles_path or ANSIBLE_ROLES_PATH), not elsewhere', async () => {
  const book = await loadPlaybook(SITE, { catalog: catalogOf(), rolesPath: [path.join(GOOD, 'extra_roles')] });
  assert.equal(book.plays[1]?.roles[2]?.role.path, path.join(GOOD, 'extra_roles/outside'));
  // The environment is src/config's to read: the loader does not read it a second time.
  const saved = process.env.ANSIBLE_ROLES_PATH;
  process.env.ANSIBLE_ROLES_PATH = path.join(GOOD, 'extra_roles');
  try {
    await assert.rejects(loadPlaybook(SITE, { catalog: catalogOf() }), /role "outside" not found/);
  } finally {
    if (saved === undefined) delete process.env.ANSIBLE_ROLES_PATH;
    else process.env.ANSIBLE_ROLES_PATH = saved;
  }
});

test('the catalog decides which modules exist', async () => {
  await assert.rejects(loadPlaybook(SITE, { ...opts, catalog: catalogOf(['debug']) }), /unknown module "ansible.builtin.ping"|unknown module/);
});
