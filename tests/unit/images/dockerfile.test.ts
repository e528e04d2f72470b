import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFrom, imageRef, parseFromLines } from '../../../src/images/dockerfile.js';
import { buildFailure, countSteps } from '../../../src/images/engine.js';

test('FROM lines: reference, stage and 1-based line, comments and flags skipped', () => {
  const text = ['# syntax comment', 'ARG X=1', 'from --platform=linux/amd64 kolla/base:t AS build', 'RUN true', '', 'FROM kolla/memcached:t'].join('\n');
  assert.deepEqual(parseFromLines(text), [
    { ref: 'kolla/base:t', stage: 'build', line: 3 },
    { ref: 'kolla/memcached:t', line: 6 },
  ]);
});

test('FROM continued on the next line keeps the line it started on', () => {
  assert.deepEqual(parseFromLines('RUN a \\\n  && b\nFROM \\\n  kolla/base:t\n'), [{ ref: 'kolla/base:t', line: 3 }]);
});

test('a FROM inside a RUN continuation is not an instruction', () => {
  assert.deepEqual(parseFromLines('FROM a:1\nRUN echo \\\n FROM b:2\n'), [{ ref: 'a:1', line: 1 }]);
});

test('no FROM at all gives an empty list', () => {
  assert.deepEqual(parseFromLines('RUN true\n'), []);
});

test('image names: namespace, prefix, tag, and the registry in front', () => {
  assert.equal(imageRef('base', { namespace: 'kolla', imagePrefix: '', tag: 'latest' }), 'kolla/base:latest');
  assert.equal(imageRef('base', { namespace: 'kolla', imagePrefix: 'debian-', tag: 't1', registry: 'r:4000' }), 'r:4000/kolla/debian-base:t1');
});

test('FROM targets: our image, a missing one, a stage, the external root', () => {
  const naming = { namespace: 'kolla', imagePrefix: 'p-', tag: 't' };
  const known = new Set(['base', 'openstack-base']);
  assert.deepEqual(classifyFrom('kolla/p-openstack-base:t', known, naming), { kind: 'image', name: 'openstack-base' });
  assert.deepEqual(classifyFrom('kolla/p-nova-base:t', known, naming), { kind: 'missing', name: 'nova-base' });
  assert.deepEqual(classifyFrom('builder', known, naming, new Set(['builder'])), { kind: 'stage', stage: 'builder' });
  assert.deepEqual(classifyFrom('kolla-run/bookworm-base:latest', known, naming), { kind: 'external' });
  // Another tag or namespace is not ours.
  assert.deepEqual(classifyFrom('kolla/p-base:other', known, naming), { kind: 'external' });
  assert.deepEqual(classifyFrom('other/p-base:t', known, naming), { kind: 'external' });
});

test('classic builder output: steps after FROM and cache hits are counted', () => {
  const output = [
    'Step 1/4 : FROM kolla/base:latest',
    ' ---> 1234',
    'Step 2/4 : LABEL a=b',
    ' ---> Using cache',
    ' ---> 5678',
    'Step 3/4 : RUN apt-get update',
    ' ---> Using cache',
    'Step 4/4 : USER memcached',
    ' ---> Running in abc',
  ].join('\n');
  assert.deepEqual(countSteps(output), { steps: 3, cachedSteps: 2 });
});

test('a failed build names the failing step and the engine message', () => {
  const output = 'Step 1/2 : FROM x\n ---> 1\nStep 2/2 : RUN false\n ---> Running in 2\nThe command \'/bin/sh -c false\' returned a non-zero code: 1\n';
  assert.equal(buildFailure(output), "Step 2/2 : RUN false\nThe command '/bin/sh -c false' returned a non-zero code: 1");
});
