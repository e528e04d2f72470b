import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientError, parseXml, script, splitResults, SqlError, toolboxSql } from '../../../../src/modules/toolbox/client.js';
import { clientArgv, clientEnv, type Login } from '../../../../src/modules/toolbox/login.js';
import type { ContainerEngine } from '../../../../src/containers/engine.js';

const login: Login = { login_host: 'db.example', login_port: 3306, login_user: 'root', login_password: "p'w -p secret", connect_timeout: 30 };

const xmlHead = '<?xml version="1.0"?>\n\n';
const set = (statement: string, body: string) =>
  `${xmlHead}<resultset statement="${statement}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body}</resultset>\n`;
const marker = (n: number) => set('SELECT ROW_COUNT() AS kolla_run_rowcount', `\n  <row>\n\t<field name="kolla_run_rowcount">${n}</field>\n  </row>\n`);

/** Output of MariaDB 10.11's client (--xml) for a SHOW STATUS, an INSERT, a SELECT with NULL and escapes, an empty SELECT. */
const OUTPUT = [
  set('SHOW STATUS LIKE &quot;Uptime&quot;', '\n  <row>\n\t<field name="Variable_name">Uptime</field>\n\t<field name="Value">28</field>\n  </row>\n'),
  marker(-1),
  marker(2),
  set(
    'SELECT * FROM `a``b&quot;&lt;&amp;&gt;`.t',
    '\n  <row>\n\t<field name="id">1</field>\n\t<field name="v">x&lt;y&gt;&amp;&quot;z\'\nnext line</field>\n\t<field name="n" xsi:nil="true" />\n  </row>\n\n  <row>\n\t<field name="id">2</field>\n\t<field name="v"></field>\n\t<field name="n">NULL</field>\n  </row>\n',
  ),
  marker(-1),
  set('SELECT 1 FROM DUAL WHERE 1=0', ''),
  marker(-1),
].join('');

describe('toolbox client: the mariadb client output', () => {
  it('reads result sets: names and values unescaped, NULL as null, empty sets', () => {
    const sets = parseXml(OUTPUT);
    assert.equal(sets.length, 7);
    assert.equal(sets[0]?.statement, 'SHOW STATUS LIKE "Uptime"');
    assert.deepEqual(sets[3]?.rows, [
      { id: '1', v: 'x<y>&"z\'\nnext line', n: null },
      { id: '2', v: '', n: 'NULL' },
    ]);
    assert.deepEqual(sets[5]?.rows, []);
  });

  it('gives each statement its rows (or none) and its rowcount, from the markers', () => {
    assert.deepEqual(splitResults(parseXml(OUTPUT)), [
      { rows: [{ Variable_name: 'Uptime', Value: '28' }], rowcount: 1 },
      { rows: undefined, rowcount: 2 },
      { rows: [{ id: '1', v: 'x<y>&"z\'\nnext line', n: null }, { id: '2', v: '', n: 'NULL' }], rowcount: 2 },
      { rows: [], rowcount: 0 },
    ]);
  });

  it("writes each statement, its ';' dropped, then the marker; a transaction around them when asked", () => {
    assert.equal(script(['SELECT 1;', 'SELECT 2 -- note']), 'SELECT 1\n;\nSELECT ROW_COUNT() AS kolla_run_rowcount;\nSELECT 2 -- note\n;\nSELECT ROW_COUNT() AS kolla_run_rowcount;\n');
    assert.match(script(['X'], true), /^START TRANSACTION;\nX\n;\n.*\nCOMMIT;\n$/);
  });

  it('keeps only the error lines, not the statement the client echoes', () => {
    const stderr = "--------------\nCREATE USER 'a'@'%' IDENTIFIED WITH mysql_native_password AS '*HASH'\n--------------\n\nERROR 1396 (HY000) at line 1: Operation CREATE USER failed for 'a'@'%'\n";
    assert.equal(clientError(stderr), "ERROR 1396 (HY000) at line 1: Operation CREATE USER failed for 'a'@'%'");
  });
});

describe('toolbox client: the command line', () => {

  it('has no password: that is in the environment', () => {
    const argv = clientArgv(login, 'mysql');
    assert.deepEqual(argv, ['mariadb', '--batch', '--xml', '--binary-mode', '--default-character-set=utf8mb4', '--protocol=TCP', '--host=db.example', '--port=3306', '--user=root', '--connect-timeout=30', '--database=mysql']);
    assert.ok(!argv.join(' ').includes('secret'));
    assert.deepEqual(clientEnv(login), { MYSQL_PWD: "p'w -p secret" });
    assert.deepEqual(clientEnv({ ...login, login_password: undefined }), {});
  });

  it('takes a socket, TLS files and an extra option file (first, as the client requires)', () => {
    const argv = clientArgv({ ...login, login_unix_socket: '/run/mysqld.sock', ca_cert: '/etc/ca.pem', check_hostname: true, config_file: '/etc/my.cnf' });
    assert.equal(argv[1], '--defaults-extra-file=/etc/my.cnf');
    assert.ok(argv.includes('--protocol=SOCKET') && argv.includes('--socket=/run/mysqld.sock') && !argv.some((a) => a.startsWith('--host')));
    assert.ok(argv.includes('--ssl-ca=/etc/ca.pem') && argv.includes('--ssl-verify-server-cert'));
  });
});

describe('toolbox client: a run', () => {
  function engine(reply: { rc: number; stdout: string; stderr: string }, seen: unknown[]): ContainerEngine {
    return {
      exec: async (...args: unknown[]) => {
        seen.push(args);
        return reply;
      },
    } as unknown as ContainerEngine;
  }

  it('execs the client as the user, the password in env and the SQL on stdin', async () => {
    const seen: unknown[] = [];
    const sql = toolboxSql({ engine: engine({ rc: 0, stdout: set('SELECT 1', '\n  <row>\n\t<field name="1">1</field>\n  </row>\n') + marker(-1), stderr: '' }, seen), container: 'tb', user: 'ansible', timeoutMs: 5000 }, login);
    assert.deepEqual(await sql.run(['SELECT 1']), [{ rows: [{ '1': '1' }], rowcount: 1 }]);
    const [container, argv, options] = seen[0] as [string, string[], { user: string; env: Record<string, string>; stdin: string }];
    assert.equal(container, 'tb');
    assert.ok(!JSON.stringify(argv).includes('secret'));
    assert.equal(options.user, 'ansible');
    assert.equal(options.env.MYSQL_PWD, login.login_password);
    assert.match(options.stdin, /^SELECT 1\n;\n/);
  });

  it('tells a refused login from a refused statement (and which one)', async () => {
    const denied = toolboxSql({ engine: engine({ rc: 1, stdout: '', stderr: "ERROR 1045 (28000): Access denied for user 'root'@'10.0.0.2' (using password: YES)\n" }, []), container: 'tb', user: 'ansible', timeoutMs: 5000 }, login);
    await assert.rejects(denied.run(['SELECT 1']), (e: unknown) => e instanceof SqlError && e.kind === 'connect' && /Access denied/.test(e.message));
    // After a refused login, the option file is looked up in the container, as the task's user.
    const seen: unknown[] = [];
    const answers = [
      { rc: 1, stdout: '', stderr: "ERROR 1045 (28000): Access denied for user 'root'@'10.0.0.2' (using password: YES)\n" },
      { rc: 1, stdout: '/var/lib/ansible/.my.cnf', stderr: '' },
    ];
    const looked = toolboxSql({ engine: { exec: async (...args: unknown[]) => (seen.push(args), answers.shift()) } as unknown as ContainerEngine, container: 'tb', user: 'ansible', timeoutMs: 5000 }, login);
    await assert.rejects(looked.run(['SELECT 1']), (e: unknown) => e instanceof SqlError && e.optionFile?.exists === false && e.optionFile.expanded === '/var/lib/ansible/.my.cnf');
    const [container, argv, options] = seen[1] as [string, string[], { user: string }];
    assert.deepEqual([container, argv[0], options.user], ['tb', 'sh', 'ansible']);
    assert.match(argv[2] ?? '', /\.my\.cnf/);
    const refused = toolboxSql({ engine: engine({ rc: 1, stdout: marker(0), stderr: 'ERROR 1064 (42000) at line 4: You have an error in your SQL syntax\n' }, []), container: 'tb', user: 'ansible', timeoutMs: 5000 }, login);
    await assert.rejects(refused.run(['SELECT 1', 'SELEC 2']), (e: unknown) => e instanceof SqlError && e.kind === 'statement' && e.index === 1 && e.message === 'ERROR 1064 (42000): You have an error in your SQL syntax');
    // MariaDB's option-file reader stops the client before it connects; its lines have no ERROR prefix.
    const noDefaults = toolboxSql(
      { engine: engine({ rc: 1, stdout: '', stderr: 'Could not open required defaults file: /etc/kolla/missing.cnf\nFatal error in defaults handling. Program aborted\n' }, []), container: 'tb', user: 'ansible', timeoutMs: 5000 },
      { ...login, config_file: '/etc/kolla/missing.cnf' },
    );
    await assert.rejects(noDefaults.run(['SELECT 1']), (e: unknown) => e instanceof SqlError && e.kind === 'client' && e.message === 'Could not open required defaults file: /etc/kolla/missing.cnf\nFatal error in defaults handling. Program aborted');
  });
});
