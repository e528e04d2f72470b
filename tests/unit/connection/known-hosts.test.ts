import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  checkHostKey,
  entryMatches,
  fingerprint,
  keyBlobType,
  KnownHostsStore,
  parseKnownHosts,
} from '../../../src/connection/known-hosts.js';
import { hostKeyAlgorithmOrder } from '../../../src/connection/connect.js';
import { tempDir } from '../../support/temp-dir.js';

/** A syntactically valid key blob of a type (random key material). */
function blob(type: string, seed = randomBytes(32)): Buffer {
  const t = Buffer.from(type);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(t.length);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(seed.length);
  return Buffer.concat([head, t, len, seed]);
}
const b64 = (b: Buffer): string => b.toString('base64');

function hashed(name: string, salt = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts parsing', () => {
  const ed = blob('ssh-ed25519');
  const rsa = blob('ssh-rsa');
  const text = [
    '# comment',
    '',
    `host1,10.0.0.1 ssh-ed25519 ${b64(ed)} comment here`,
    `[host2]:2222 ssh-rsa ${b64(rsa)}`,
    `@cert-authority *.example.com ssh-ed25519 ${b64(ed)}`,
    `@revoked host3 ssh-ed25519 ${b64(ed)}`,
    `@bogus host4 ssh-ed25519 ${b64(ed)}`,
    'broken line',
    `host5 ssh-ed25519 not*base64`,
    `host6 ssh-rsa ${b64(ed)}`, // type does not match the blob: skipped
  ].join('\n');
  const entries = parseKnownHosts(text, 'kh');

  it('keeps valid lines with markers and line numbers, skips malformed ones', () => {
    assert.deepEqual(
      entries.map((e) => [e.hosts, e.keyType, e.marker ?? '', e.line]),
      [
        ['host1,10.0.0.1', 'ssh-ed25519', '', 3],
        ['[host2]:2222', 'ssh-rsa', '', 4],
        ['*.example.com', 'ssh-ed25519', 'cert-authority', 5],
        ['host3', 'ssh-ed25519', 'revoked', 6],
      ],
    );
  });

  it('reads the type inside a blob and prints OpenSSH fingerprints', () => {
    assert.equal(keyBlobType(ed), 'ssh-ed25519');
    assert.equal(keyBlobType(Buffer.from([0, 0])), undefined);
    assert.match(fingerprint(ed), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('host matching', () => {
  it('matches plain names only on port 22, [host]:port on other ports', () => {
    assert.ok(entryMatches('host1,10.0.0.1', '10.0.0.1', 22));
    assert.ok(!entryMatches('host1', 'host1', 2222));
    assert.ok(entryMatches('[host1]:2222', 'host1', 2222));
    assert.ok(!entryMatches('[host1]:2222', 'host1', 22));
    assert.ok(entryMatches('HOST1', 'host1', 22), 'case-insensitive');
  });

  it('supports wildcards and negation', () => {
    assert.ok(entryMatches('*.example.com', 'a.example.com', 22));
    assert.ok(entryMatches('10.0.0.?', '10.0.0.7', 22));
    assert.ok(!entryMatches('*.example.com,!bad.example.com', 'bad.example.com', 22));
    assert.ok(entryMatches('[127.0.0.*]:2222', '127.0.0.5', 2222));
  });

  it('matches hashed entries (HMAC-SHA1 of the name, [host]:port included)', () => {
    assert.ok(entryMatches(hashed('node1'), 'node1', 22));
    assert.ok(!entryMatches(hashed('node1'), 'node2', 22));
    assert.ok(entryMatches(hashed('[127.0.0.1]:2201'), '127.0.0.1', 2201));
    assert.ok(!entryMatches(hashed('127.0.0.1'), '127.0.0.1', 2201));
    assert.ok(!entryMatches('|1|garbage', 'node1', 22));
  });
});

describe('checkHostKey', () => {
  const key = blob('ssh-ed25519');
  const other = blob('ssh-ed25519');
  const rsa = blob('ssh-rsa');
  const parse = (lines: string[]) => parseKnownHosts(lines.join('\n'), 'kh');

  it('known, unknown, changed', () => {
    const entries = parse([`[h]:2200 ssh-ed25519 ${b64(key)}`]);
    assert.equal(checkHostKey(entries, 'h', 2200, key).status, 'known');
    assert.equal(checkHostKey(entries, 'x', 2200, key).status, 'unknown');
    assert.equal(checkHostKey(entries, 'h', 2200, other).status, 'changed');
  });

  it('a key of another type than the recorded one counts as changed', () => {
    const entries = parse([`h ssh-rsa ${b64(rsa)}`]);
    const r = checkHostKey(entries, 'h', 22, key);
    assert.equal(r.status, 'changed');
  });

  it('any matching entry of several is enough (host with ed25519 and rsa keys)', () => {
    const entries = parse([`h ssh-rsa ${b64(rsa)}`, `h ssh-ed25519 ${b64(key)}`]);
    assert.equal(checkHostKey(entries, 'h', 22, key).status, 'known');
  });

  it('@revoked rejects the key; @cert-authority lines are not trusted as host keys', () => {
    assert.equal(checkHostKey(parse([`h ssh-ed25519 ${b64(key)}`, `@revoked * ssh-ed25519 ${b64(key)}`]), 'h', 22, key).status, 'revoked');
    assert.equal(checkHostKey(parse([`@cert-authority h ssh-ed25519 ${b64(key)}`]), 'h', 22, key).status, 'unknown');
  });

  it('negotiates the recorded algorithm first', () => {
    assert.deepEqual(hostKeyAlgorithmOrder(['ssh-rsa']).slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    assert.equal(hostKeyAlgorithmOrder(['ecdsa-sha2-nistp256'])[0], 'ecdsa-sha2-nistp256');
    assert.equal(hostKeyAlgorithmOrder([])[0], 'ssh-ed25519');
    assert.equal(new Set(hostKeyAlgorithmOrder(['ssh-ed25519'])).size, hostKeyAlgorithmOrder(['ssh-ed25519']).length);
  });
});

describe('KnownHostsStore', () => {
  it('reads files once, treats missing files as empty, appends accepted keys', async () => {
    const dir = await tempDir('kh-');
    const file = join(dir, 'sub', 'known_hosts');
    const store = new KnownHostsStore();
    const key = blob('ssh-ed25519');
    assert.equal((await store.check([file, join(dir, 'missing')], '127.0.0.1', 2222, key)).status, 'unknown');
    await store.add(file, '127.0.0.1', 2222, key);
    assert.equal(await readFile(file, 'utf8'), `[127.0.0.1]:2222 ssh-ed25519 ${b64(key)}\n`);
    assert.equal((await store.check([file], '127.0.0.1', 2222, key)).status, 'known');
    assert.deepEqual(await store.keyTypes([file], '127.0.0.1', 2222), ['ssh-ed25519']);
    // A fresh store reads what was written.
    assert.equal((await new KnownHostsStore().check([file], '127.0.0.1', 2222, key)).status, 'known');
  });

  it('combines user and global files', async () => {
    const dir = await tempDir('kh-');
    const key = blob('ssh-ed25519');
    await writeFile(join(dir, 'global'), `${hashed('node9')} ssh-ed25519 ${b64(key)}\n`);
    const r = await new KnownHostsStore().check([join(dir, 'user'), join(dir, 'global')], 'node9', 22, key);
    assert.equal(r.status, 'known');
  });

  it('sees a key accepted during the run through the same list of files it looked up before', async () => {
    const dir = await tempDir('kh-');
    const files = [join(dir, 'known_hosts'), join(dir, 'global')];
    const store = new KnownHostsStore();
    const key = blob('ssh-ed25519');
    assert.equal((await store.check(files, 'node1', 22, key)).status, 'unknown');
    assert.deepEqual(await store.keyTypes(files, 'node1', 22), []);
    await store.add(files[0] as string, 'node1', 22, key);
    assert.equal((await store.check(files, 'node1', 22, key)).status, 'known');
    assert.deepEqual(await store.keyTypes(files, 'node1', 22), ['ssh-ed25519']);
  });

  it('answers as a scan of every entry does, for plain, listed, hashed, wildcard, negated and marked entries', async () => {
    const dir = await tempDir('kh-');
    const keys = Array.from({ length: 8 }, (_, i) => blob(i % 2 ? 'ssh-rsa' : 'ssh-ed25519'));
    const [k0, k1, k2, k3, k4, k5, k6, k7] = keys.map(b64);
    const text = [
      `node1,NODE2,[node3]:2222 ssh-ed25519 ${k0}`,
      `node2 ssh-rsa ${k1}`,
      `${hashed('[node3]:2222')} ssh-ed25519 ${k2}`,
      `*.example,!bad.example ssh-rsa ${k3}`,
      `@revoked node1 ssh-ed25519 ${k4}`,
      `@cert-authority *.example ssh-rsa ${k5}`,
      `node?,!node9 ssh-ed25519 ${k6}`,
      `Web.Example ssh-rsa ${k7}`,
    ].join('\n');
    const file = join(dir, 'known_hosts');
    await writeFile(file, `${text}\n`);
    const entries = parseKnownHosts(text, file);
    const store = new KnownHostsStore();
    for (const [host, port] of [['node1', 22], ['node2', 22], ['node3', 2222], ['node3', 22], ['node9', 22], ['web.example', 22], ['bad.example', 22], ['other', 22]] as const) {
      const types: string[] = [];
      for (const e of entries) if (e.marker === undefined && entryMatches(e.hosts, host, port) && !types.includes(e.keyType)) types.push(e.keyType);
      assert.deepEqual(await store.keyTypes([file], host, port), types, `key types of ${host}:${port}`);
      for (const key of [...keys, blob('ssh-ed25519')]) {
        assert.deepEqual(await store.check([file], host, port, key), checkHostKey(entries, host, port, key), `${host}:${port} with key ${keyBlobType(key)}`);
      }
    }
  });
});
