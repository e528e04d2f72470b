import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifiedHandlers } from '../../../src/executor/handler-match.js';
import type { HandlerEntry } from '../../../src/executor/state.js';
import type { Task } from '../../../src/playbook/index.js';

function handler(name: string | undefined, listen: string[] = [], role?: string): HandlerEntry {
  const location = { file: 'handlers.yml', line: 1, col: 1 };
  const task: Task = {
    kind: 'task',
    ...(name !== undefined ? { name } : {}),
    action: 'debug',
    written: 'debug',
    args: {},
    keywords: listen.length > 0 ? { listen } : {},
    location,
    locateArg: () => location,
    handler: true,
    ...(role ? { role: { name: role, path: `/roles/${role}` } } : {}),
  };
  return { task };
}

const handlers = [handler('restart a', ['web']), handler('restart b'), handler(undefined, ['web']), handler('restart a'), handler('reload', [], 'nginx')];

test('a name reaches the first handler so named, never a later namesake', () => {
  assert.deepEqual(notifiedHandlers(handlers, 'restart a'), [0]);
  assert.deepEqual(notifiedHandlers(handlers, 'restart b'), [1]);
});

test('a topic reaches every handler that listens to it, in definition order', () => {
  assert.deepEqual(notifiedHandlers(handlers, 'web'), [0, 2]);
});

test('role handlers answer to "role : name" too; unknown names reach nothing', () => {
  assert.deepEqual(notifiedHandlers(handlers, 'reload'), [4]);
  assert.deepEqual(notifiedHandlers(handlers, 'nginx : reload'), [4]);
  assert.deepEqual(notifiedHandlers(handlers, 'nope'), []);
});
