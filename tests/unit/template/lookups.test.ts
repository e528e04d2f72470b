import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { createLazyVars, searchCandidates, standardLookups, Templar } from '../../../src/template/index.js';
import { tempDirSync } from '../../support/temp-dir.js';

const ENV = { KR_SET: 'value', KR_EMPTY: '', HOME: '/home/someone' };
const t = new Templar({ lookup: standardLookups(ENV) });

/** Renders with lazily templated variables, as a task's scope does. */
const render = (src: string, vars: Record<string, unknown> = {}) => t.render(src, createLazyVars([vars], t));

function tree(files: Record<string, string>): string {
  const dir = tempDirSync('kr-lookup-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('lookup and query', () => {
  test('query returns the list; lookup joins text with commas unless wantlist', () => {
    assert.deepEqual(render("{{ query('env', 'KR_SET', 'KR_SET') }}"), ['value', 'value']);
    assert.deepEqual(render("{{ q('env', 'KR_SET') }}"), ['value']);
    assert.equal(render("{{ lookup('env', 'KR_SET', 'KR_SET') }}"), 'value,value');
    assert.deepEqual(render("{{ lookup('env', 'KR_SET', 'KR_SET', wantlist=True) }}"), ['value', 'value']);
    assert.equal(render("{{ lookup('ansible.builtin.env', 'KR_SET') }}"), 'value');
  });

  test('an unknown lookup is an error naming it', () => {
    assert.throws(() => render("{{ lookup('nosuch', 'x') }}"), (e: unknown) => e instanceof InputError && /lookup plugin 'nosuch' not found/.test(e.message));
  });

  test("errors='ignore' turns a plugin failure into None (lookup) or [] (query), not an undefined variable", () => {
    assert.equal(render("{{ lookup('file', '/nonexistent/kr', errors='ignore') }}"), '');
    assert.deepEqual(render("{{ query('file', '/nonexistent/kr', errors='ignore') }}"), []);
    assert.throws(() => render("{{ lookup('vars', 'nope', errors='ignore') }}"), /No variable found with this name: nope/);
  });

  test('an undefined term fails', () => {
    assert.throws(() => render("{{ lookup('env', nope) }}"), /'nope' is undefined/);
  });
});

describe('env', () => {
  test("an unset variable gives '' (Ansible 2.14), or the default given", () => {
    assert.equal(render("{{ lookup('env', 'KR_UNSET') }}"), '');
    assert.equal(render("{{ lookup('env', 'KR_UNSET', default='d') }}"), 'd');
    assert.equal(render("{{ lookup('env', 'KR_EMPTY', default='d') }}"), '', 'set but empty is not unset');
    assert.equal(render("{{ lookup('env', 'KR_UNSET') | default('/etc/kolla', true) }}"), '/etc/kolla');
  });
  test('only the first word of a term names the variable', () => {
    assert.equal(render("{{ lookup('env', 'KR_SET and more') }}"), 'value');
  });
});

describe('vars', () => {
  test('reads the variables of the render in progress, templated, keeping the type', () => {
    const vars = { svc: { a: { enabled: true } }, port: '{{ base + 1 }}', base: 10, name: 'svc' };
    assert.deepEqual(render("{{ lookup('vars', 'svc') }}", vars), { a: { enabled: true } }, 'one value that is not text comes back as itself');
    assert.equal(render("{{ lookup('vars', name).a.enabled }}", vars), true);
    assert.equal(render("{{ lookup('vars', 'port') }}", vars), '11');
    assert.deepEqual(render("{{ lookup('vars', 'base', 'base') }}", vars), [10, 10]);
  });

  test('the scope is the one being rendered, also inside a variable rendered on read', () => {
    const a = createLazyVars([{ who: 'a', msg: "{{ lookup('vars', 'who') }}" }], t);
    const b = createLazyVars([{ who: 'b', msg: "{{ lookup('vars', 'who') }}" }], t);
    assert.equal(t.render('{{ msg }}', a), 'a');
    assert.equal(t.render('{{ msg }}', b), 'b');
  });

  test('undefined: the default when one is given, otherwise an error', () => {
    assert.equal(render("{{ lookup('vars', 'nope', default='dflt') }}"), 'dflt');
    assert.equal(render("{{ lookup('vars', 'bad', default='dflt') }}", { bad: '{{ missing }}' }), 'dflt', 'a value that meets an undefined variable');
    assert.equal(render("{{ lookup('vars', 'set', default='dflt') }}", { set: 'here' }), 'here');
    assert.throws(() => render("{{ lookup('vars', 'nope') }}"), /No variable found with this name: nope/);
    assert.throws(() => render("{{ lookup('vars', 'nope', default=None) }}"), /No variable found/, 'None is no default, as in Ansible');
  });
});

describe('file and first_found', () => {
  const dir = tree({
    'roles/r/files/a.txt': 'from role files\n\n',
    'roles/r/b.txt': 'from role dir\n',
    'files/a.txt': '  from playbook files  \n',
    'c.txt': 'from playbook dir\n',
    'other/d.txt': 'd\n',
  });
  const role = { ansible_search_path: [path.join(dir, 'roles/r'), path.join(dir, 'roles/r/tasks'), dir], playbook_dir: dir };
  const play = { ansible_search_path: [dir], playbook_dir: dir };

  test("a role task looks in the role's files/, the role, then the playbook's files/ and folder", () => {
    assert.equal(render("{{ lookup('file', 'a.txt') }}", role), 'from role files');
    assert.equal(render("{{ lookup('file', 'b.txt') }}", role), 'from role dir');
    assert.equal(render("{{ lookup('file', 'c.txt') }}", role), 'from playbook dir');
    assert.equal(render("{{ lookup('file', 'a.txt') }}", play), '  from playbook files', 'rstrip only');
    assert.deepEqual(searchCandidates(createLazyVars([role], t), 'files', 'x').slice(0, 4), [
      path.join(dir, 'roles/r/files/x'),
      path.join(dir, 'roles/r/x'),
      path.join(dir, 'roles/r/tasks/files/x'),
      path.join(dir, 'roles/r/tasks/x'),
    ]);
  });

  test('rstrip and lstrip options; absolute paths; several files', () => {
    assert.equal(render("{{ lookup('file', 'a.txt', rstrip=False) }}", play), '  from playbook files  \n');
    assert.equal(render("{{ lookup('file', 'a.txt', lstrip=True) }}", play), 'from playbook files');
    assert.equal(render(`{{ lookup('file', '${path.join(dir, 'other/d.txt')}') }}`, play), 'd');
    assert.equal(render("{{ lookup('file', 'c.txt', 'other/d.txt') }}", play), 'from playbook dir,d');
  });

  test('a missing file is an error naming the paths tried', () => {
    assert.throws(() => render("{{ lookup('file', 'nope.txt') }}", play), (e: unknown) => e instanceof InputError && e.message.includes(path.join(dir, 'files/nope.txt')));
  });

  test('without a search path: role_path, else playbook_dir', () => {
    assert.equal(render("{{ lookup('file', 'b.txt') }}", { role_path: path.join(dir, 'roles/r'), playbook_dir: dir }), 'from role dir');
    assert.equal(render("{{ lookup('file', 'c.txt') }}", { playbook_dir: dir }), 'from playbook dir');
  });

  test('first_found: the first name that exists wins, not a later one', () => {
    assert.equal(render("{{ lookup('first_found', ['a.txt', 'c.txt']) }}", play), path.join(dir, 'files/a.txt'));
    assert.equal(render("{{ lookup('first_found', ['nope', 'c.txt', 'a.txt']) }}", play), path.join(dir, 'c.txt'));
    assert.equal(render("{{ lookup('first_found', 'nope', 'c.txt') }}", play), path.join(dir, 'c.txt'));
  });

  test('first_found: files and paths in a mapping, skip, and none found', () => {
    const spec = "{'files': ['nope.txt', 'd.txt'], 'paths': ['" + path.join(dir, 'none') + "', '" + path.join(dir, 'other') + "']}";
    assert.equal(render(`{{ lookup('first_found', ${spec}) }}`, play), path.join(dir, 'other/d.txt'));
    assert.equal(render("{{ lookup('first_found', {'files': 'nope.txt,c.txt'}) }}", play), path.join(dir, 'c.txt'));
    assert.deepEqual(render("{{ query('first_found', 'nope', skip=True) }}", play), []);
    assert.throws(() => render("{{ lookup('first_found', 'nope') }}", play), /No file was found when using first_found/);
  });

  test('first_found: a mapping with one path or one file is read like a longer one', () => {
    assert.equal(render(`{{ lookup('first_found', {'files': ['d.txt'], 'paths': ['${path.join(dir, 'other')}']}) }}`, play), path.join(dir, 'other/d.txt'));
    assert.equal(render("{{ lookup('first_found', {'files': 'c.txt'}) }}", play), path.join(dir, 'c.txt'));
  });

  test('first_found: nothing to look for is not found, and no skip was asked for', () => {
    assert.throws(() => render("{{ query('first_found', []) }}", play), /No file was found when using first_found/);
  });

  test("file: lstrip and rstrip take Ansible's boolean strings", () => {
    assert.equal(render("{{ lookup('file', 'a.txt', lstrip='yes') }}", play), 'from playbook files');
    assert.equal(render("{{ lookup('file', 'a.txt', rstrip='no') }}", play), '  from playbook files  \n');
  });

  test('~ and ~/ name the home folder', () => {
    assert.deepEqual(searchCandidates(createLazyVars([play], t), 'files', '~'), [homedir()]);
    assert.deepEqual(searchCandidates(createLazyVars([play], t), 'files', '~/x.txt'), [path.join(homedir(), 'x.txt')]);
  });
});
