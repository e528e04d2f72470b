/**
 * taskSelected against Ansible's own Taggable.evaluate_tags, the oracle,
 * over every combination of task tags, --tags and --skip-tags drawn from
 * the special words (all, always, never, tagged, untagged) and two plain tags.
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { taskSelected } from '../../../src/executor/tags.js';
import { hasAnsible } from '../../support/ansible.js';
import { askPythonScript } from '../../support/python-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));

const TASK_TAGS = [[], ['a'], ['a', 'b'], ['always'], ['never'], ['never', 'a'], ['always', 'a'], ['always', 'never'], ['tagged'], ['untagged'], ['all']];
const ONLY = [[], ['a'], ['b'], ['all'], ['tagged'], ['untagged'], ['never'], ['always'], ['a', 'never'], ['all', 'never'], ['untagged', 'a']];
const SKIP = [[], ['a'], ['b'], ['all'], ['tagged'], ['untagged'], ['always'], ['never'], ['all', 'always'], ['tagged', 'always']];

test('taskSelected agrees with Ansible evaluate_tags on every combination', { skip: hasAnsible() ? false : 'ansible is not installed (the oracle)' }, async () => {
  const questions = TASK_TAGS.flatMap((tags) => ONLY.flatMap((only) => SKIP.map((skip) => [tags, only, skip] as const)));
  const answers = await askPythonScript<boolean[]>(join(TREE, 'tests', 'fixtures', 'executor', '_oracle', 'evaluate_tags.py'), JSON.stringify(questions), { root: TREE });
  const wrong = questions.filter(([tags, only, skip], i) => taskSelected(tags, only, skip) !== answers[i]).map(([tags, only, skip]) => `tags ${JSON.stringify(tags)} --tags ${JSON.stringify(only)} --skip-tags ${JSON.stringify(skip)}: ansible ${String(!taskSelected(tags, only, skip))}`);
  assert.deepEqual(wrong, [], `${wrong.length} of ${questions.length} differ`);
});
