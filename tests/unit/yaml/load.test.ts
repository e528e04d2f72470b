/** The YAML loader's own edges: duplicate keys, aliases, where a path is, files that cannot be read. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { PyFloat } from '../../../src/template/pyfloat.js';
import { encryptText } from '../../../src/vault/envelope.js';
import { setVaultKeyring, VaultKeyring } from '../../../src/vault/keyring.js';
import { loadYamlFile, parseYaml, stringifyYaml } from '../../../src/yaml/load.js';
import { tempDirSync } from '../../support/temp-dir.js';

test('a duplicate key: the last one wins, with a warning naming its line (as Ansible)', () => {
  const doc = parseYaml('a: 1\nb: 0\na: 2\n', 'dup.yml');
  assert.deepEqual(doc.value, { a: 2, b: 0 });
  assert.deepEqual(doc.warnings, ['dup.yml:3:1: duplicate key "a"; the last one is used']);
});

test('aliases: hundreds are fine; an alias bomb is refused as an input error naming the file', () => {
  const many = ['base: &b [1]', 'list:', ...Array.from({ length: 300 }, () => '  - *b')].join('\n');
  assert.equal((parseYaml(`${many}\n`, 'many.yml').value as { list: unknown[] }).list.length, 300);
  const letters = 'abcdefghi';
  const bomb = [`a: &a [${Array(10).fill('"x"').join(',')}]`, ...[...letters.slice(1)].map((l, i) => `${l}: &${l} [${Array(10).fill(`*${letters[i]}`).join(',')}]`)].join('\n');
  assert.throws(() => parseYaml(`${bomb}\n`, 'bomb.yml'), (e: unknown) => e instanceof InputError && /bomb\.yml/.test(`${e.location?.file}`) && /aliases expand to more than 10000 values/.test(e.message));
});

test('locate: the nearest node of a path that is not all there; the last of duplicate keys; an empty document at line 1', () => {
  const doc = parseYaml('a:\n  b: 1\n', 'x.yml');
  assert.deepEqual(doc.locate(['a', 'b']), { file: 'x.yml', line: 2, col: 6 });
  assert.deepEqual(doc.locate(['a', 'b', 'c']), { file: 'x.yml', line: 2, col: 6 });
  assert.deepEqual(doc.locate(['a', 'nope']), { file: 'x.yml', line: 2, col: 3 });
  assert.deepEqual(doc.locate(['nope']), { file: 'x.yml', line: 1, col: 1 });
  assert.deepEqual(parseYaml('k: 1\nk: 2\n', 'd.yml').locate(['k']), { file: 'd.yml', line: 2, col: 4 });
  assert.deepEqual(parseYaml('', 'empty.yml').locate(['a']), { file: 'empty.yml', line: 1, col: 1 });
  assert.equal(parseYaml('', 'empty.yml').value, null);
});

test('a file that is missing, or a folder, is an input error saying which', async () => {
  const dir = tempDirSync('kr-yaml-');
  await assert.rejects(loadYamlFile(join(dir, 'nope.yml')), (e: unknown) => e instanceof InputError && /: file not found$/.test(e.message));
  await assert.rejects(loadYamlFile(dir), (e: unknown) => e instanceof InputError && /: cannot read file \(EISDIR\)$/.test(e.message));
});

test('merge keys (<<) as PyYAML reads them: the mapping merged in, its own keys winning', () => {
  const doc = parseYaml('base: &b {a: 1, c: 0}\nx:\n  <<: *b\n  c: 2\n', 'merge.yml');
  assert.deepEqual(doc.value, { base: { a: 1, c: 0 }, x: { a: 1, c: 2 } });
  const list = parseYaml('a: &a {k: 1, p: a}\nb: &b {k: 2, q: b}\nx:\n  <<: [*a, *b]\n  own: 3\n', 'merge.yml');
  assert.deepEqual((list.value as { x: unknown }).x, { k: 1, p: 'a', q: 'b', own: 3 }, 'the first mapping listed wins');
  assert.deepEqual(list.warnings, []);
});

test('locate in a list: an item by its index; past its end, the list; an index into a text, the text', () => {
  const doc = parseYaml('a: 1\nlist:\n  - x\n  - y\n', 'l.yml');
  assert.deepEqual(doc.locate(['list', 1]), { file: 'l.yml', line: 4, col: 5 });
  assert.deepEqual(doc.locate(['list', 5]), { file: 'l.yml', line: 3, col: 3 });
  assert.deepEqual(doc.locate(['a', 0]), { file: 'l.yml', line: 1, col: 4 });
  const comment = parseYaml('# nothing but a comment\n', 'c.yml');
  assert.equal(comment.value, null);
  assert.deepEqual(comment.locate(['a']), { file: 'c.yml', line: 1, col: 1 });
});

test("a syntax error: an input error at its place, with the parser's first line of explanation", () => {
  assert.throws(
    () => parseYaml('a: 1\nb: c: d\n', 's.yml'),
    (e: unknown) => e instanceof InputError && e.message === 's.yml:2:4: YAML syntax error: Nested mappings are not allowed in compact mappings' && e.location?.line === 2,
  );
});

test('a second document: an input error where it starts', () => {
  assert.throws(() => parseYaml('x: 1\n\n---\nb: 2\n', 'two.yml'), (e: unknown) => e instanceof InputError && e.message === 'two.yml:3:1: expected one YAML document, found several');
});

test('an alias with no anchor before it, a merge of no mapping: input errors naming the file (Ansible refuses both)', () => {
  assert.throws(() => parseYaml('a: *nope\n', 'alias.yml'), (e: unknown) => e instanceof InputError && e.message === 'alias.yml: YAML error: Unresolved alias (the anchor must be set before the alias): nope');
  assert.throws(() => parseYaml('x:\n  <<: 1\n', 'merge.yml'), (e: unknown) => e instanceof InputError && e.message === 'merge.yml: YAML error: Merge sources must be maps or map aliases');
});

test('an explicit tag converts any text as PyYAML does, and text it cannot convert is an input error at the value', () => {
  assert.deepEqual(parseYaml('a: !!float 1\nb: !!int "0x1F"\nc: !!bool "On"\nd: !!null x\n', 't.yml').value, { a: new PyFloat(1), b: 31, c: true, d: null });
  assert.throws(() => parseYaml('n: 1\nx: !!int 1.5\n', 't.yml'), (e: unknown) => e instanceof InputError && e.message === 't.yml:2:4: YAML syntax error: "1.5" is not a base 10 integer');
  assert.throws(() => parseYaml('x: 0b_\n', 't.yml'), /"" is not a base 2 integer/);
});

test('an encrypted value or file without its password: an input error at the value, or naming the file', () => {
  const sealed = encryptText('s3cret', Buffer.from('pw')).trimEnd().split('\n');
  setVaultKeyring(new VaultKeyring());
  assert.throws(
    () => parseYaml(`list:\n  - plain\n  - !vault |\n${sealed.map((l) => `      ${l}`).join('\n')}\n`, 'v.yml'),
    (e: unknown) => e instanceof InputError && e.location?.line === 3 && e.location.col === 12 && /^v\.yml:3:12: vault: this value is encrypted, and no vault password was given/.test(e.message),
  );
  assert.throws(() => parseYaml(sealed.join('\n'), 'whole.yml'), (e: unknown) => e instanceof InputError && /^whole\.yml: vault: the file is encrypted, and no vault password/.test(e.message));
});

test('stringifyYaml: a long text stays on one line', () => {
  const long = Array(40).fill('word').join(' ');
  assert.equal(stringifyYaml({ k: long, m: [1, 'x'] }), `k: ${long}\nm:\n  - 1\n  - x\n`);
});
