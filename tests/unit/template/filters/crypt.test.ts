/**
 * filters/crypt.ts: password_hash's crypt schemes, byte for byte. Expected
 * hashes are glibc's (Python's crypt.crypt with the same salt and rounds,
 * which passlib matches); few rounds keep the test quick.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../../src/errors.js';
import { r } from '../helpers.js';

const failsWith = (message: string) => (err: unknown) => err instanceof InputError && err.message.includes(message);

test('md5_crypt takes the password a 16-byte block at a time, the last one short', () => {
  assert.equal(r("{{ 'a' | password_hash('md5', 'mysalt') }}"), '$1$mysalt$cvAsZTd95PAXQs0WoqTFP0');
  assert.equal(r("{{ 'aaaaaaaaaaaaaaaaa' | password_hash('md5_crypt', 'mysalt') }}"), '$1$mysalt$OmOPfnnmEEEm924RpAzer0');
  assert.equal(r("{{ '0123456789abcdef' | password_hash('md5', 'saltsalt') }}"), '$1$saltsalt$xXjYoUe111lGDGm6AfLHb1');
});

test('sha512_crypt and sha256_crypt with rounds written out', () => {
  assert.equal(r("{{ 'secret' | password_hash('sha512', 'mysalt', rounds=1000) }}"), '$6$rounds=1000$mysalt$GWqo/Lq3SURYGcNVPiffI5Ic1x2WLu.e2sf9owxedsXuZK/w2K89mrRPOcDayUvRWxd/x1F1WhRLB4W89a23d.');
  assert.equal(r("{{ 'a' | password_hash('sha256_crypt', 'abcdefghijklmnop', rounds=1000) }}"), '$5$rounds=1000$abcdefghijklmnop$Z7B24mb7G0UGbrVQx5XsOSvQGEPLZct8F32pHM2IdVA');
  assert.equal(r("{{ ('x' * 40) | password_hash('sha512', 's', rounds=1000) }}"), '$6$rounds=1000$s$/gIH0K8xlKjm6SNQvSitc0ka7E9lDKhUuvGHZSenB8.OOO.qV0SjtR5Aaat9iK3iCljmfb73YP8MU3JrKQkPj1');
});

test('5000 rounds are implicit: passlib leaves them out of the hash', () => {
  assert.equal(r("{{ 'pw' | password_hash('sha512', 'saltsalt', rounds=5000) }}"), '$6$saltsalt$pauPrmdmG4BTE9h2HPmywiw152IFch6BJCEsaY6D.PLTfpV8sqvXwWdyfsgVgozkYH9B80bAip/08R2BPH2xk/');
});

test('a salt longer than the scheme takes, or with characters outside ./0-9A-Za-z, fails as passlib does', () => {
  assert.throws(() => r("{{ 'pw' | password_hash('sha512', 'abcdefghijklmnopq', rounds=1000) }}"), failsWith('salt too large (sha512_crypt requires <= 16 chars)'));
  assert.throws(() => r("{{ 'pw' | password_hash('md5', 'abcdefghi') }}"), failsWith('salt too large (md5_crypt requires <= 8 chars)'));
  assert.throws(() => r("{{ 'pw' | password_hash('sha256', 'abcdefghijklmnopq', rounds=1000) }}"), failsWith('salt too large (sha256_crypt requires <= 16 chars)'));
  assert.throws(() => r("{{ 'pw' | password_hash('sha256', 'a$b', rounds=1000) }}"), failsWith('invalid characters in sha256_crypt salt'));
});

test('rounds outside passlib\'s 1000 to 999999999 fail; 0 asks for the default; md5_crypt takes none', () => {
  assert.throws(() => r("{{ 'pw' | password_hash('sha512', 'abcdefgh', rounds=999) }}"), failsWith('sha512_crypt: min_desired_rounds (999) is too low, must be at least 1000'));
  assert.throws(() => r("{{ 'pw' | password_hash('sha256', 'abcdefgh', rounds=1000000000) }}"), failsWith('sha256_crypt: min_desired_rounds (1000000000) is too large, cannot be more than 999999999'));
  assert.throws(() => r("{{ 'pw' | password_hash('md5', 'abcdefgh', rounds=1000) }}"), failsWith('md5_crypt takes no rounds'));
  assert.throws(() => r("{{ 'pw' | password_hash('blowfish', 'abcdefgh', rounds=10) }}"), failsWith('blowfish is not supported'));
  // both bounds are allowed: passlib's own limits
  assert.match(r("{{ 'pw' | password_hash('sha512', 'abcdefgh', rounds=1000) }}"), /^\$6\$rounds=1000\$abcdefgh\$/);
  assert.equal(r("{{ 'pw' | password_hash('md5', 'abcdefgh', rounds=0) }}"), '$1$abcdefgh$IQtUouv7y7Q9dRWkQEPCc.');
});
