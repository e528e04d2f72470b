import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mirrorIn } from '../../../src/testbed/images.js';

test('mirror from a deb822 sources file, skipping other suites and disabled stanzas', () => {
  const text = [
    'Types: deb',
    'URIs: http://disabled.example/debian',
    'Suites: bookworm',
    'Enabled: no',
    '',
    'Types: deb',
    'URIs: http://security.example/debian-security',
    'Suites: bookworm-security',
    '',
    'Types: deb',
    'URIs: http://mirror.example/debian',
    'Suites: bookworm bookworm-updates',
    'Components: main',
  ].join('\n');
  assert.equal(mirrorIn(text), 'http://mirror.example/debian');
});

test('mirror from a one-line sources.list, options in brackets allowed', () => {
  const text = '# comment\ndeb [signed-by=/k.gpg] http://one.example/debian bookworm main\n';
  assert.equal(mirrorIn(text), 'http://one.example/debian');
});

test('no bookworm suite: no mirror', () => {
  assert.equal(mirrorIn('deb http://x.example/debian bullseye main\n'), undefined);
});
