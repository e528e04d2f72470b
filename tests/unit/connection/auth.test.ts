/** Keys sign with a KeyObject decoded once: the same signatures ssh2's own keys make, verifiable by the public key. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ssh2, { type ParsedKey } from 'ssh2';
import { signingOnce } from '../../../src/connection/auth.js';
import { tempDirSync } from '../../support/temp-dir.js';

function generated(type: string, bits?: number): ParsedKey {
  const file = join(tempDirSync('kr-auth-'), 'key');
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-f', file]);
  const parsed = ssh2.utils.parseKey(readFileSync(file));
  assert.ok(!(parsed instanceof Error) && !Array.isArray(parsed), `ssh2 parses the ${type} key`);
  return parsed;
}

const data = Buffer.from('session identifier and userauth request');

for (const [type, bits, algos] of [
  ['ed25519', undefined, [undefined]],
  ['rsa', 2048, [undefined, 'sha256', 'sha512']],
] as const) {
  test(`${type}: the same signature bytes as ssh2's key, for every hash the client asks for`, () => {
    const key = generated(type, bits);
    const fast = signingOnce(key);
    assert.notEqual(fast, key, 'wrapped');
    for (const algo of algos) assert.deepEqual(fast.sign(data, algo), key.sign(data, algo), `hash ${algo ?? 'default'}`);
    assert.equal(fast.type, key.type);
    assert.deepEqual(fast.getPublicSSH(), key.getPublicSSH());
  });
}

for (const [bits, hash] of [
  [256, 'sha256'],
  [384, 'sha384'],
  [521, 'sha512'],
] as const) {
  test(`ecdsa ${bits}: a DER signature over the curve's hash that the public key verifies (ECDSA is randomised)`, () => {
    const key = generated('ecdsa', bits);
    const signature = signingOnce(key).sign(data);
    assert.ok(Buffer.isBuffer(signature));
    assert.ok(verify(hash, data, createPublicKey(key.getPublicPEM()), signature));
    assert.ok(key.verify(data, signature), "ssh2's own check accepts it too");
  });
}
