import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { account, interpolate, isNativeHash, literal, maskSecrets, nativePasswordHash, quoteIdentifier, quoteString } from '../../../../src/modules/toolbox/sql.js';

describe('toolbox sql: quoting', () => {
  it('identifiers go in backticks, a backtick doubled', () => {
    assert.equal(quoteIdentifier('keystone'), '`keystone`');
    assert.equal(quoteIdentifier('a`b'), '`a``b`');
    assert.equal(quoteIdentifier("it's; DROP DATABASE x; --"), "`it's; DROP DATABASE x; --`");
    assert.equal(quoteIdentifier('``'), '``````');
    assert.throws(() => quoteIdentifier('a\0b'), /NUL/);
  });

  it('strings are escaped as mysql_real_escape_string does', () => {
    assert.equal(quoteString('plain'), "'plain'");
    assert.equal(quoteString("db'pw"), "'db\\'pw'");
    assert.equal(quoteString('a"b'), "'a\\\"b'");
    assert.equal(quoteString('back\\slash'), "'back\\\\slash'");
    assert.equal(quoteString("x\\'; DROP USER root; -- "), "'x\\\\\\'; DROP USER root; -- '");
    assert.equal(quoteString('nl\ncr\rnul\0sub\x1a'), "'nl\\ncr\\rnul\\0sub\\Z'");
  });

  it("accounts are 'user'@'host' with both parts quoted", () => {
    assert.equal(account("o'neil", '%'), "'o\\'neil'@'%'");
  });

  it('values as PyMySQL writes them', () => {
    assert.equal(literal(null), 'NULL');
    assert.equal(literal(true), '1');
    assert.equal(literal(false), '0');
    assert.equal(literal(42), '42');
    assert.equal(literal(1.5), '1.5');
    assert.equal(literal("a'b"), "'a\\'b'");
    assert.equal(literal([1, 'x']), "(1,'x')");
    assert.throws(() => literal({ a: 1 }), /mapping/);
    assert.throws(() => literal(Number.NaN), /NaN/);
  });
});

describe('toolbox sql: query arguments', () => {
  it('leaves a query without arguments as written (a % stays)', () => {
    assert.equal(interpolate("SELECT '100%'", undefined), "SELECT '100%'");
  });

  it('fills %s in order and %(name)s by name, escaped; %% is a percent sign', () => {
    assert.equal(interpolate('SELECT * FROM t WHERE id = %s AND story = %s', [1, "it's"]), "SELECT * FROM t WHERE id = 1 AND story = 'it\\'s'");
    assert.equal(interpolate('SELECT %(a)s, %(b)s, %(a)s', { a: 'x', b: null }), "SELECT 'x', NULL, 'x'");
    assert.equal(interpolate("SELECT '50%%', %s", ['y']), "SELECT '50%', 'y'");
  });

  it('refuses what Python would refuse', () => {
    assert.throws(() => interpolate('SELECT %s, %s', [1]), /more %s/);
    assert.throws(() => interpolate('SELECT %s', [1, 2]), /not all/);
    assert.throws(() => interpolate('SELECT %(x)s', { y: 1 }), /"x"/);
    assert.throws(() => interpolate('SELECT %d', [1]), /unsupported format/);
    assert.throws(() => interpolate('SELECT 5%', [1]), /unsupported format/);
  });
});

describe('toolbox sql: passwords', () => {
  it("gives MariaDB's PASSWORD() (mysql_native_password)", () => {
    // SELECT PASSWORD('x') on MariaDB 10.11.
    assert.equal(nativePasswordHash('x'), '*B69027D44F6E5EDC07F1AEAD1477967B16F28227');
    // SELECT PASSWORD('pw').
    assert.equal(nativePasswordHash('pw'), '*D821809F681A40A6E379B50D0463EFAE20BDD122');
    assert.ok(isNativeHash(nativePasswordHash("db'pw é")));
    assert.ok(!isNativeHash('secret'));
  });

  it('masks secrets in every string of a result', () => {
    const masked = maskSecrets({ msg: "Access denied for pw 's3cr3t'", list: ['s3cr3t', 1], nested: { a: 'xs3cr3tx' } }, ['s3cr3t', '']);
    assert.deepEqual(masked, { msg: "Access denied for pw '********'", list: ['********', 1], nested: { a: 'x********x' } });
  });
});
