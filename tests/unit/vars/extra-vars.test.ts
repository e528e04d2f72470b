/** -e as ansible-playbook reads it: key=value words (strings), a JSON or YAML mapping, @file; later ones win. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { parseExtraVars } from '../../../src/vars/extra-vars.js';
import { tempDirSync } from '../../support/temp-dir.js';

const dir = tempDirSync('kr-extra-vars-');

test('key=value words stay strings, quotes group words; a mapping keeps its types', async () => {
  assert.deepEqual(await parseExtraVars(['a=1 b="two words" c=']), { a: '1', b: 'two words', c: '' });
  assert.deepEqual(await parseExtraVars(['{"n": 1, "l": [true, null]}']), { n: 1, l: [true, null] });
  assert.deepEqual(await parseExtraVars(['{y: [1, two]}']), { y: [1, 'two'] });
});

test('@file reads YAML or JSON (spaces around trimmed); an empty file adds nothing', async () => {
  writeFileSync(join(dir, 'vars.yml'), 'tag: "2024.1"\nnested: {k: v}\n');
  writeFileSync(join(dir, 'empty.yml'), '');
  assert.deepEqual(await parseExtraVars([` @${join(dir, 'vars.yml')} `, `@${join(dir, 'empty.yml')}`]), { tag: '2024.1', nested: { k: 'v' } });
});

test('later -e win, whole values replaced; empty ones are ignored', async () => {
  assert.deepEqual(await parseExtraVars(['a=1 d={"x":1}', '  ', '{"a": 2}', 'b=3']), { a: 2, d: '{"x":1}', b: '3' });
});

test('what is not a mapping, or not readable, is an input error naming -e', async () => {
  await assert.rejects(parseExtraVars(['[1, 2]']), (e: unknown) => e instanceof InputError && /must be a mapping/.test(e.message));
  writeFileSync(join(dir, 'list.yml'), '- 1\n');
  await assert.rejects(parseExtraVars([`@${join(dir, 'list.yml')}`]), (e: unknown) => e instanceof InputError && /must be a mapping/.test(e.message));
  await assert.rejects(parseExtraVars(['a="unterminated']), (e: unknown) => e instanceof InputError && /cannot read extra vars "a="unterminated": unbalanced quotes/.test(e.message));
});
