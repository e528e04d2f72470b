/**
 * Cases run by ansible-playbook on node2 and by the kolla-run module on
 * node3, each in its own fresh folder ({dir}) with the same setup: the
 * files left and the registered fields must be the same. `{host}` stands
 * for the node's inventory name (fetch's local paths differ by it).
 */
import type { AnyTaskModule } from '../../../src/modules/contract.js';
import { assertModule } from '../../../src/modules/assert.js';
import { blockinfileModule } from '../../../src/modules/blockinfile.js';
import { commandModule, shellModule } from '../../../src/modules/command.js';
import { copyModule } from '../../../src/modules/copy.js';
import { debugModule } from '../../../src/modules/debug.js';
import { failModule } from '../../../src/modules/fail.js';
import { fetchModule } from '../../../src/modules/fetch.js';
import { fileModule } from '../../../src/modules/file.js';
import { findModule } from '../../../src/modules/find.js';
import { getentModule } from '../../../src/modules/getent.js';
import { getUrlModule } from '../../../src/modules/get_url.js';
import { groupModule } from '../../../src/modules/group.js';
import { iniFileModule } from '../../../src/modules/ini_file.js';
import { lineinfileModule } from '../../../src/modules/lineinfile.js';
import { pingModule } from '../../../src/modules/ping.js';
import { rawModule } from '../../../src/modules/raw.js';
import { scriptModule } from '../../../src/modules/script.js';
import { slurpModule } from '../../../src/modules/slurp.js';
import { sysctlModule } from '../../../src/modules/sysctl.js';
import { statModule } from '../../../src/modules/stat.js';
import { templateModule } from '../../../src/modules/template.js';
import { uriModule } from '../../../src/modules/uri.js';
import { userModule } from '../../../src/modules/user.js';
import { waitForModule } from '../../../src/modules/wait_for.js';
import { waitForConnectionModule } from '../../../src/modules/wait_for_connection.js';
import { SYSTEM_CASES } from './differential-cases-system.js';

export interface DiffCase {
  name: string;
  /** Ansible's action name. */
  action: string;
  /** Absent for the executor's own actions (set_fact), which no module implements. */
  module?: AnyTaskModule;
  args: Record<string, unknown>;
  /** Shell run on both nodes first ({dir} exists and is empty). */
  setup?: string;
  /** Shell run on both nodes after all rounds (stopping a server the setup started); its failures are ignored. */
  teardown?: string;
  /** Also run once in check mode first (ansible's check_mode: true), comparing that result too. */
  check?: boolean;
  /** Result fields not compared (beyond the always-ignored ones): values that differ by node or by time. */
  ignore?: string[];
  /**
   * Ansible ran it over `ssh -tt` (raw, script): its CRs and OpenSSH's "Shared
   * connection to ... closed." line are dropped from its stdout/stderr. Such a
   * case writes nothing to stderr, which the tty would merge into stdout.
   */
  tty?: boolean;
}

/** The controller's files, beside the playbook (paths relative to it): copy's src in files/, template's in templates/. */
export const LOCAL_FILES: Record<string, string> = {
  'files/hello.txt': 'hello from the controller\n',
  'files/tree/a.txt': 'a\n',
  'files/tree/sub/b.txt': 'b\n',
  'files/tree/sub/deeper/c.txt': 'c\n',
  'files/hello.sh': '#!/bin/sh\necho "args: $*"\necho "in: $(pwd)"\n',
  'files/fail.sh': '#!/bin/sh\necho partial\nexit 3\n',
  'files/run.sh': 'run\n',
  'files/ptree/a': 'a\n',
  'files/ptree/sub/b': 'b\n',
  'templates/exec.j2': 'x={{ title }}\n',
  'templates/ws.j2': '{% if true %}\n  a={{ title }}\n  {% if debug %}on{% else %}off{% endif %}\n    {% for i in [1, 2] %}\n  {{ i }}\n    {% endfor %}\n{% endif %}\nend\n',
  'templates/ws-header.j2': '#jinja2: trim_blocks: True\n{% if true %}\n  {% if true %}\n  x\n  {% endif %}\n{% endif %}\n',
  'templates/list.j2': '# {{ title }}\n{% for item in items %}\n- {{ item.name }}={{ item.value | default("none") }}\n{% endfor %}\n{% if debug %}\ndebug on\n{% endif %}\nend\n',
  'templates/header.j2': '#jinja2: trim_blocks: False, lstrip_blocks: True\n{% for item in items %}\n  {% if item.value is defined %}\n{{ item.name }}: {{ item.value }}\n  {% endif %}\n{% endfor %}\nnone=[{{ nothing }}] {{ items | map(attribute="name") | join(",") }}\n',
};

/** Modes of some of those files (what `mode: preserve` copies). */
export const LOCAL_MODES: Record<string, number> = { 'files/run.sh': 0o751, 'files/ptree/a': 0o700, 'files/ptree/sub/b': 0o604, 'templates/exec.j2': 0o711 };

/** The play's vars: what the templates render with. */
export const PLAY_VARS: Record<string, unknown> = {
  title: 'kolla',
  items: [{ name: 'a', value: 1 }, { name: 'b' }, { name: 'c', value: 'x y' }],
  debug: false,
  nothing: null,
};

/** Ansible registers as copy's and template's `src` the temporary file it uploaded: a path that cannot match. */
const TEMP_SRC = ['src'];

/** Ansible's script registers a failure's non-existent traceback ("NoneType: None"): nothing a role reads. */
const PY_EXCEPTION = ['exception'];

/** Accounts live outside {dir} and outlast a run: each case's setup removes what an earlier run left. */
const noUser = (name: string) => `userdel -r ${name} >/dev/null 2>&1; groupdel ${name} >/dev/null 2>&1; true`;
const noGroup = (name: string) => `groupdel ${name} >/dev/null 2>&1; true`;
/** A uid/gid the system picks (system accounts): it depends on what other tests left on each node. */
const PICKED_IDS = ['uid', 'group', 'gid'];

/**
 * A small HTTP server on 127.0.0.1:PORT serving {dir} (python3 is on every node), started in setup and
 * waited for; its pid is kept outside {dir}, which is compared. `stopServer` ends it (teardown).
 */
const pidFile = (port: number) => `/tmp/kr-diff-http-${port}.pid`;
const stopServer = (port: number) => `[ -f ${pidFile(port)} ] && kill $(cat ${pidFile(port)}) 2>/dev/null; rm -f ${pidFile(port)}; true`;
const startServer = (port: number) =>
  `${stopServer(port)}; nohup python3 -m http.server ${port} --bind 127.0.0.1 --directory {dir} </dev/null >/dev/null 2>&1 & echo $! > ${pidFile(port)}; ` +
  `python3 -c 'import socket,sys,time\nfor i in range(100):\n  try: socket.create_connection(("127.0.0.1",${port}),1); sys.exit(0)\n  except OSError: time.sleep(0.1)\nsys.exit(1)'`;

/** A case's server: files written into {dir}, then the server started (stopped by teardown). */
const served = (port: number, files: string) => ({ setup: `${files}; ${startServer(port)}`, teardown: stopServer(port) });
const HELLO = "printf 'hello\\n' > {dir}/hello.txt; printf '{\"a\": [1, true, null], \"b\": \"x\"}' > {dir}/data.json";
/** The response's Date, Last-Modified of a file each node's setup wrote at its own time, and whole seconds a request took (0 or 1). */
const HTTP_TIMES = ['date', 'last_modified', 'elapsed'];
/** get_url registers the temporary file it downloaded to: a random path. */
const HTTP_TEMP = [...HTTP_TIMES, 'src'];
const SHA_HELLO = '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03';

const INI = "# kolla\\n[DEFAULT]\\ndebug = False\\n# log_dir = /x\\n\\n[database]\\nconnection=old\\n";
const CONF = 'a=1\\nb=2\\n# c=3\\nlisten 80\\n';

export const CASES: DiffCase[] = [
  // file
  { name: 'file-dir-symbolic', action: 'file', module: fileModule, args: { path: '{dir}/a/b', state: 'directory', mode: 'u=rwx,g=rx,o=' } },
  { name: 'file-dir-exists-mode', action: 'file', module: fileModule, args: { path: '{dir}/d', state: 'directory', mode: '0700', owner: 'daemon' }, setup: 'mkdir {dir}/d' },
  { name: 'file-touch-new', action: 'file', module: fileModule, args: { path: '{dir}/t', state: 'touch', mode: '0600', owner: 'nobody', group: 'daemon' } },
  { name: 'file-dir-new-owner', action: 'file', module: fileModule, args: { path: '{dir}/n/m', state: 'directory', mode: '0750', owner: 'nobody', group: 'daemon' } },
  { name: 'file-mode-octal', action: 'file', module: fileModule, args: { path: '{dir}/f', mode: '0600', group: 'daemon' }, setup: 'echo x > {dir}/f' },
  // GNU chmod keeps a directory's setgid under a four-digit mode, a new directory inherits it, chown drops setuid and setgid.
  { name: 'file-dir-setgid-mode', action: 'file', module: fileModule, args: { path: '{dir}/d', state: 'directory', mode: '0755' }, setup: 'mkdir {dir}/d; chmod 2755 {dir}/d' },
  { name: 'file-dir-below-setgid', action: 'file', module: fileModule, args: { path: '{dir}/p/a/b', state: 'directory', mode: '0755' }, setup: 'mkdir {dir}/p; chmod 2775 {dir}/p' },
  { name: 'file-setuid-new-owner', action: 'file', module: fileModule, args: { path: '{dir}/f', owner: 'nobody', mode: '06750' }, setup: 'echo x > {dir}/f; chmod 6750 {dir}/f' },
  // Parameters of type path are expanded on the host (variables, then ~): root's ~ is /root, so ~/..{dir} is the case's folder.
  { name: 'file-tilde-dir', action: 'file', module: fileModule, args: { path: '~/..{dir}/d/e', state: 'directory', mode: '0750' } },
  { name: 'file-var-link', action: 'file', module: fileModule, args: { path: '$HOME/..{dir}/l', src: '${HOME}/..{dir}', state: 'link' } },
  { name: 'copy-var-dest', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '$HOME/..{dir}/c' }, ignore: TEMP_SRC },
  { name: 'lineinfile-var-path', action: 'lineinfile', module: lineinfileModule, args: { path: '$HOME/..{dir}/l', line: 'a', create: true } },
  { name: 'stat-tilde', action: 'stat', module: statModule, args: { path: '~/..{dir}/f', get_mime: false }, setup: 'echo x > {dir}/f' },
  { name: 'template-var-dest', action: 'template', module: templateModule, args: { src: 'exec.j2', dest: '${HOME}/..{dir}/t' }, ignore: TEMP_SRC },
  { name: 'file-file-missing', action: 'file', module: fileModule, args: { path: '{dir}/nope', state: 'file' } },
  { name: 'file-file-mode', action: 'file', module: fileModule, args: { path: '{dir}/f', mode: 'g+w,o-r' }, setup: 'echo x > {dir}/f' },
  { name: 'file-link', action: 'file', module: fileModule, args: { src: 'f', dest: '{dir}/l', state: 'link' }, setup: 'echo x > {dir}/f' },
  { name: 'file-link-missing-src', action: 'file', module: fileModule, args: { src: '{dir}/nope', path: '{dir}/l', state: 'link' } },
  { name: 'file-link-force', action: 'file', module: fileModule, args: { src: '/nonexistent', path: '{dir}/l', state: 'link', force: true } },
  { name: 'file-link-over-file', action: 'file', module: fileModule, args: { src: 'f', path: '{dir}/g', state: 'link' }, setup: 'echo x > {dir}/f; echo y > {dir}/g' },
  { name: 'file-hard', action: 'file', module: fileModule, args: { src: '{dir}/f', path: '{dir}/h', state: 'hard' }, setup: 'echo x > {dir}/f' },
  { name: 'file-absent-tree', action: 'file', module: fileModule, args: { path: '{dir}/t', state: 'absent' }, setup: 'mkdir -p {dir}/t/u; echo x > {dir}/t/u/f' },
  { name: 'file-absent-missing', action: 'file', module: fileModule, args: { path: '{dir}/t', state: 'absent' } },
  {
    name: 'file-recurse',
    action: 'file',
    module: fileModule,
    args: { path: '{dir}/r', state: 'directory', recurse: true, owner: 'daemon', group: 'daemon', mode: 'u=rwX,g=rX,o=' },
    setup: 'mkdir -p {dir}/r/s; echo x > {dir}/r/s/f; echo y > {dir}/r/g; chmod 755 {dir}/r/g; ln -s g {dir}/r/l',
  },
  { name: 'file-dir-over-file', action: 'file', module: fileModule, args: { path: '{dir}/f', state: 'directory' }, setup: 'echo x > {dir}/f' },
  { name: 'file-unknown-owner', action: 'file', module: fileModule, args: { path: '{dir}/f', owner: 'no-such-user' }, setup: 'echo x > {dir}/f' },
  // stat
  { name: 'stat-file', action: 'stat', module: statModule, args: { path: '{dir}/f' }, setup: 'printf hello > {dir}/f; chmod 640 {dir}/f; chown daemon {dir}/f' },
  { name: 'stat-sha256', action: 'stat', module: statModule, args: { path: '{dir}/f', checksum_algorithm: 'sha256', get_mime: false }, setup: 'printf hello > {dir}/f' },
  { name: 'stat-missing', action: 'stat', module: statModule, args: { path: '{dir}/nope' } },
  { name: 'stat-dir', action: 'stat', module: statModule, args: { path: '{dir}' } },
  { name: 'stat-link', action: 'stat', module: statModule, args: { path: '{dir}/l' }, setup: 'echo x > {dir}/f; ln -s f {dir}/l' },
  { name: 'stat-link-follow', action: 'stat', module: statModule, args: { path: '{dir}/l', follow: true }, setup: 'echo x > {dir}/f; ln -s f {dir}/l' },
  // lineinfile
  { name: 'lineinfile-replace', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', regexp: '^#? ?c=', line: 'c=4' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-eof', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', line: 'd=5' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-bof-mode', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', line: '# top', insertbefore: 'BOF', mode: '0600' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-after', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', line: 'a2=1', insertafter: '^a=' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-before', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', line: 'z=0', insertbefore: '^listen' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-backrefs', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', regexp: '^listen (\\d+)$', line: 'listen 127.0.0.1:\\1', backrefs: true }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-backrefs-nomatch', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', regexp: '^nomatch(.*)$', line: 'x\\1', backrefs: true }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-absent', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', regexp: '^[ab]=', state: 'absent' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'lineinfile-create', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/sub/new', line: 'x', create: true, mode: '0640' } },
  { name: 'lineinfile-create-here', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/new', regexp: '^x', line: 'x = 1', create: true, mode: '0640', owner: 'nobody' } },
  { name: 'lineinfile-create-backrefs-nomatch', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/new', regexp: '^(x)$', line: '\\1', backrefs: true, create: true } },
  { name: 'lineinfile-missing', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/missing', line: 'x' } },
  { name: 'lineinfile-no-eol', action: 'lineinfile', module: lineinfileModule, args: { path: '{dir}/c', line: 'last' }, setup: "printf 'a\\nb' > {dir}/c" },
  // blockinfile
  { name: 'blockinfile-eof', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/c', block: 'x=1\ny=2' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'blockinfile-replace', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/c', block: 'new' }, setup: "printf 'a\\n# BEGIN ANSIBLE MANAGED BLOCK\\nold\\n# END ANSIBLE MANAGED BLOCK\\nb\\n' > {dir}/c" },
  { name: 'blockinfile-markers-after', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/c', block: 'k', marker: '<!-- {mark} kolla -->', marker_begin: 'START', marker_end: 'STOP', insertafter: '^b=' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'blockinfile-bof', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/c', block: 'first', insertbefore: 'BOF' }, setup: `printf '${CONF}' > {dir}/c` },
  { name: 'blockinfile-absent', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/c', state: 'absent' }, setup: "printf 'a\\n# BEGIN ANSIBLE MANAGED BLOCK\\nold\\n# END ANSIBLE MANAGED BLOCK\\nb\\n' > {dir}/c" },
  { name: 'blockinfile-create', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/n', block: 'z', create: true, mode: '0600' } },
  { name: 'blockinfile-missing', action: 'blockinfile', module: blockinfileModule, args: { path: '{dir}/n', block: 'z' } },
  // ini_file
  { name: 'ini-commented', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'DEFAULT', option: 'log_dir', value: '/var/log' }, setup: `printf '${INI}' > {dir}/i` },
  { name: 'ini-change', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'database', option: 'connection', value: 'mysql://db' }, setup: `printf '${INI}' > {dir}/i` },
  { name: 'ini-new-section', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'cache', option: 'backend', value: 'memcache', mode: '0640' }, setup: `printf '${INI}' > {dir}/i` },
  { name: 'ini-no-spaces', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'DEFAULT', option: 'debug', value: 'True', no_extra_spaces: true }, setup: `printf '${INI}' > {dir}/i` },
  { name: 'ini-remove-option', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'DEFAULT', option: 'debug', state: 'absent' }, setup: `printf '${INI}' > {dir}/i` },
  { name: 'ini-remove-section', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'database', state: 'absent' }, setup: `printf '${INI}' > {dir}/i` },
  { name: 'ini-create', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/new.ini', section: 's', option: 'k', value: 'v' } },
  { name: 'ini-no-value', action: 'ini_file', module: iniFileModule, args: { path: '{dir}/i', section: 'mysqld', option: 'skip-name-resolve', allow_no_value: true }, setup: `printf '${INI}' > {dir}/i` },
  // slurp
  { name: 'slurp-file', action: 'slurp', module: slurpModule, args: { src: '{dir}/f' }, setup: "printf 'bin\\001ary\\n' > {dir}/f" },
  { name: 'slurp-missing', action: 'slurp', module: slurpModule, args: { src: '{dir}/nope' } },
  { name: 'slurp-dir', action: 'slurp', module: slurpModule, args: { src: '{dir}' } },
  // find
  {
    name: 'find-recurse',
    action: 'find',
    module: findModule,
    args: { paths: '{dir}', patterns: '*.log,*.conf', recurse: true, get_checksum: true },
    setup: 'mkdir -p {dir}/s/.h; echo a > {dir}/a.log; echo b > {dir}/b.txt; echo c > {dir}/s/c.conf; echo d > {dir}/s/.h/d.log; echo e > {dir}/.e.log',
  },
  { name: 'find-dirs-hidden', action: 'find', module: findModule, args: { paths: ['{dir}'], file_type: 'directory', hidden: true, recurse: true }, setup: 'mkdir -p {dir}/s/.h {dir}/t' },
  { name: 'find-contains-size', action: 'find', module: findModule, args: { paths: '{dir}', contains: 'needle.*', size: '1' }, setup: 'echo needle > {dir}/a; echo hay > {dir}/b; printf "x\\n  needle" > {dir}/c; : > {dir}/d' },
  { name: 'find-regex-depth', action: 'find', module: findModule, args: { paths: '{dir}', patterns: ['^[ab]\\d$'], use_regex: true, recurse: true, depth: 2, file_type: 'any' }, setup: 'mkdir -p {dir}/a1/b2/c; touch {dir}/a1/a3 {dir}/a1/b2/b4 {dir}/x1' },
  { name: 'find-not-dir', action: 'find', module: findModule, args: { paths: '{dir}/nope' } },
  // copy
  { name: 'copy-content', action: 'copy', module: copyModule, args: { content: 'line 1\nline 2\n', dest: '{dir}/c' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-content-dict', action: 'copy', module: copyModule, args: { content: { a: 1, b: [true, null, 'x y'], c: { d: 1.5, 'é': 'ü\t' } }, dest: '{dir}/j' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-content-list', action: 'copy', module: copyModule, args: { content: ['a', 2], dest: '{dir}/j' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-content-replace', action: 'copy', module: copyModule, args: { content: 'new\n', dest: '{dir}/c' }, setup: 'echo old > {dir}/c; chown daemon:daemon {dir}/c; chmod 604 {dir}/c', ignore: TEMP_SRC, check: true },
  { name: 'copy-same-setuid-new-owner', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '{dir}/c', owner: 'nobody', mode: '06750' }, setup: 'echo x > {dir}/c; chmod 6750 {dir}/c', ignore: TEMP_SRC },
  { name: 'copy-src-into-new-dirs', action: 'copy', module: copyModule, args: { src: 'hello.txt', dest: '{dir}/n1/n2/', owner: 'daemon', mode: '0600', directory_mode: '0750' }, ignore: TEMP_SRC, check: true },
  // mode: preserve, the source's own mode: on the controller, on the host (remote_src), each file of a folder; content gets 0600.
  { name: 'copy-preserve-src', action: 'copy', module: copyModule, args: { src: 'run.sh', dest: '{dir}/run.sh', mode: 'preserve' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-preserve-content', action: 'copy', module: copyModule, args: { content: 'hi\n', dest: '{dir}/c', mode: 'preserve' }, ignore: TEMP_SRC },
  { name: 'copy-preserve-remote', action: 'copy', module: copyModule, args: { src: '{dir}/s', dest: '{dir}/d', remote_src: true, mode: 'preserve' }, setup: 'echo x > {dir}/s; chmod 751 {dir}/s', ignore: TEMP_SRC },
  { name: 'copy-preserve-tree', action: 'copy', module: copyModule, args: { src: 'ptree/', dest: '{dir}/out', mode: 'preserve' }, check: true },
  { name: 'copy-src', action: 'copy', module: copyModule, args: { src: 'hello.txt', dest: '{dir}/h' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-src-into-dir', action: 'copy', module: copyModule, args: { src: 'hello.txt', dest: '{dir}/d' }, setup: 'mkdir {dir}/d', ignore: TEMP_SRC, check: true },
  { name: 'copy-src-dest-slash', action: 'copy', module: copyModule, args: { src: 'hello.txt', dest: '{dir}/new/' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-content-dest-slash', action: 'copy', module: copyModule, args: { content: 'x', dest: '{dir}/new/' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-content-into-dir', action: 'copy', module: copyModule, args: { content: 'x', dest: '{dir}/d' }, setup: 'mkdir {dir}/d', ignore: TEMP_SRC, check: true },
  { name: 'copy-no-parent', action: 'copy', module: copyModule, args: { content: 'x', dest: '{dir}/no/f' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-mode-octal', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '{dir}/m', mode: '0640' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-mode-symbolic', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '{dir}/m', mode: 'u=rw,g=r,o=' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-mode-only', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '{dir}/m', mode: '0600' }, setup: 'echo x > {dir}/m; chmod 644 {dir}/m', ignore: TEMP_SRC, check: true },
  { name: 'copy-owner-group', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '{dir}/o', owner: 'daemon', group: 'nogroup', mode: '0640' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-mode-keeps-owner', action: 'copy', module: copyModule, args: { content: 'new\n', dest: '{dir}/o', mode: '0640' }, setup: 'echo x > {dir}/o; chown daemon:daemon {dir}/o', ignore: TEMP_SRC, check: true },
  { name: 'copy-owner-only', action: 'copy', module: copyModule, args: { content: 'x\n', dest: '{dir}/o', owner: 'daemon' }, setup: 'echo x > {dir}/o', ignore: TEMP_SRC, check: true },
  { name: 'copy-force-false', action: 'copy', module: copyModule, args: { content: 'new\n', dest: '{dir}/f', force: false }, setup: 'echo old > {dir}/f', ignore: TEMP_SRC, check: true },
  { name: 'copy-force-false-new', action: 'copy', module: copyModule, args: { content: 'new\n', dest: '{dir}/f', force: false }, ignore: TEMP_SRC, check: true },
  { name: 'copy-backup', action: 'copy', module: copyModule, args: { content: 'new\n', dest: '{dir}/f', backup: true }, setup: 'echo old > {dir}/f; chmod 640 {dir}/f', ignore: TEMP_SRC, check: true },
  { name: 'copy-backup-new', action: 'copy', module: copyModule, args: { content: 'new\n', dest: '{dir}/f', backup: true }, ignore: TEMP_SRC, check: true },
  { name: 'copy-validate-ok', action: 'copy', module: copyModule, args: { content: 'good\n', dest: '{dir}/v', validate: 'grep -q good %s' }, ignore: TEMP_SRC, check: true },
  { name: 'copy-validate-fail', action: 'copy', module: copyModule, args: { content: 'bad\n', dest: '{dir}/v', validate: 'grep -q good %s' }, setup: 'echo old > {dir}/v', ignore: TEMP_SRC, check: true },
  { name: 'copy-remote-src', action: 'copy', module: copyModule, args: { src: '{dir}/s', dest: '{dir}/d', remote_src: true, mode: '0600' }, setup: 'echo remote > {dir}/s', check: true },
  { name: 'copy-remote-src-force-false', action: 'copy', module: copyModule, args: { src: '{dir}/s', dest: '{dir}/d', remote_src: true, force: false }, setup: 'echo remote > {dir}/s; echo old > {dir}/d', check: true },
  { name: 'copy-dir-contents', action: 'copy', module: copyModule, args: { src: 'tree/', dest: '{dir}/out/', mode: '0640' }, check: true },
  { name: 'copy-dir-itself', action: 'copy', module: copyModule, args: { src: 'tree', dest: '{dir}/out' }, check: true },
  { name: 'copy-dir-existing', action: 'copy', module: copyModule, args: { src: 'tree/', dest: '{dir}/out' }, setup: 'mkdir -p {dir}/out/sub; echo old > {dir}/out/a.txt; chmod 600 {dir}/out/a.txt; echo b > {dir}/out/sub/b.txt', check: true },
  { name: 'copy-dir-force-false', action: 'copy', module: copyModule, args: { src: 'tree/', dest: '{dir}/out', force: false }, setup: 'mkdir -p {dir}/out; echo old > {dir}/out/a.txt', check: true },
  { name: 'copy-dir-new-parents-dirmode', action: 'copy', module: copyModule, args: { src: 'tree', dest: '{dir}/p/a/b', owner: 'daemon', directory_mode: '0750' }, setup: 'mkdir {dir}/p; chmod 2775 {dir}/p', check: true },
  { name: 'copy-dir-owner-dirmode', action: 'copy', module: copyModule, args: { src: 'tree/', dest: '{dir}/out', owner: 'daemon', group: 'daemon', directory_mode: '0750' }, check: true },
  { name: 'copy-remote-src-missing', action: 'copy', module: copyModule, args: { src: '{dir}/nope', dest: '{dir}/d', remote_src: true }, check: true },
  // template
  { name: 'template-loop', action: 'template', module: templateModule, args: { src: 'list.j2', dest: '{dir}/t', mode: '0644' }, ignore: TEMP_SRC, check: true },
  { name: 'template-preserve', action: 'template', module: templateModule, args: { src: 'exec.j2', dest: '{dir}/t', mode: 'preserve' }, ignore: TEMP_SRC, check: true },
  // trim_blocks and lstrip_blocks as task arguments; a #jinja2: first line wins over them.
  { name: 'template-whitespace', action: 'template', module: templateModule, args: { src: 'ws.j2', dest: '{dir}/t', trim_blocks: false, lstrip_blocks: true }, ignore: TEMP_SRC },
  { name: 'template-whitespace-lstrip', action: 'template', module: templateModule, args: { src: 'ws.j2', dest: '{dir}/t', lstrip_blocks: 'yes' }, ignore: TEMP_SRC },
  { name: 'template-whitespace-header', action: 'template', module: templateModule, args: { src: 'ws-header.j2', dest: '{dir}/t', trim_blocks: false, lstrip_blocks: true }, ignore: TEMP_SRC },
  { name: 'template-into-dir', action: 'template', module: templateModule, args: { src: 'list.j2', dest: '{dir}/d' }, setup: 'mkdir {dir}/d', ignore: TEMP_SRC, check: true },
  { name: 'template-replace-owner', action: 'template', module: templateModule, args: { src: 'list.j2', dest: '{dir}/t', owner: 'daemon', group: 'daemon', backup: true }, setup: 'echo old > {dir}/t', ignore: TEMP_SRC, check: true },
  { name: 'template-header-none', action: 'template', module: templateModule, args: { src: 'header.j2', dest: '{dir}/h', newline_sequence: '\r\n' }, ignore: TEMP_SRC, check: true },
  // command (the second round runs again, unless creates/removes decide)
  { name: 'command-cmd', action: 'command', module: commandModule, args: { cmd: 'echo "a  b" c | wc' }, check: true },
  { name: 'command-quoted', action: 'command', module: commandModule, args: { cmd: `printf '%s|' "a b" 'c "d"' e\\ f "g\\"h" ''` }, check: true },
  { name: 'command-missing-program', action: 'command', module: commandModule, args: { cmd: 'no-such-program --flag' }, check: true },
  { name: 'command-missing-argv', action: 'command', module: commandModule, args: { argv: ['no-such-program', "it's", 'a b'] }, check: true },
  // run_command expands set variables and a leading ~ in each word (no shell: nothing else); creates, removes and chdir are paths.
  { name: 'command-expand', action: 'command', module: commandModule, args: { cmd: 'printf "%s|" $HOME ~/x ~root "$HOME" a~b $NO_SUCH_VAR_KR "${HOME}" \'$HOME\' $(id)' } },
  { name: 'command-expand-argv', action: 'command', module: commandModule, args: { argv: ['printf', '%s|', '$HOME', '~', '${NO_SUCH_VAR_KR}', '--x=~/y'] } },
  { name: 'command-creates-tilde', action: 'command', module: commandModule, args: { cmd: 'echo ran', creates: '~' }, check: true },
  { name: 'command-removes-glob-var', action: 'command', module: commandModule, args: { cmd: 'echo ran', removes: '$HOME/.no-such-*-kr' }, check: true },
  { name: 'command-chdir-var', action: 'command', module: commandModule, args: { cmd: 'pwd', chdir: '$HOME' } },
  { name: 'command-argv', action: 'command', module: commandModule, args: { argv: ['printf', '%s|', 'a b', "it's", ''] }, check: true },
  { name: 'command-chdir', action: 'command', module: commandModule, args: { cmd: 'ls -a', chdir: '{dir}/sub' }, setup: 'mkdir {dir}/sub; touch {dir}/sub/x {dir}/sub/.y', check: true },
  // These three are not compared in check mode: there Ansible fails a missing chdir (we skip the task), and says
  // "Would not run command since ..." where we say "Did not run" (a module does not see the check flag).
  { name: 'command-chdir-missing', action: 'command', module: commandModule, args: { cmd: 'pwd', chdir: '{dir}/nope' } },
  { name: 'shell-chdir-missing', action: 'shell', module: shellModule, args: { cmd: 'pwd', chdir: '{dir}/nope' } },
  { name: 'command-creates-exists', action: 'command', module: commandModule, args: { cmd: 'touch {dir}/made', creates: '{dir}/made' }, setup: 'touch {dir}/made' },
  { name: 'command-creates-missing', action: 'command', module: commandModule, args: { cmd: 'touch made', chdir: '{dir}', creates: 'made' }, check: true },
  { name: 'command-creates-glob', action: 'command', module: commandModule, args: { cmd: 'touch {dir}/x.made', creates: '{dir}/*.made' }, check: true },
  { name: 'command-removes', action: 'command', module: commandModule, args: { cmd: 'rm {dir}/gone', removes: '{dir}/gone' }, setup: 'touch {dir}/gone', check: true },
  { name: 'command-stdin', action: 'command', module: commandModule, args: { cmd: 'cat', stdin: 'in put' }, check: true },
  { name: 'command-stdin-no-newline', action: 'command', module: commandModule, args: { argv: ['od', '-c'], stdin: 'ab', stdin_add_newline: false }, check: true },
  { name: 'command-rc', action: 'command', module: commandModule, args: { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }, check: true },
  { name: 'command-blank-ends', action: 'command', module: commandModule, args: { argv: ['printf', '\n\na\n\nb\n\n'] }, check: true },
  { name: 'command-keep-ends', action: 'command', module: commandModule, args: { argv: ['printf', '\n\na\n\nb\n\n'], strip_empty_ends: false }, check: true },
  // shell
  { name: 'shell-pipe', action: 'shell', module: shellModule, args: { cmd: "printf 'a\\nb\\nc\\n' | grep -v b | wc -l" }, check: true },
  { name: 'shell-rc', action: 'shell', module: shellModule, args: { cmd: 'echo partial; echo oops >&2; exit 4' }, check: true },
  { name: 'shell-executable', action: 'shell', module: shellModule, args: { cmd: 'echo ${BASH_VERSINFO[0]} $0', executable: '/bin/bash' }, check: true },
  { name: 'shell-chdir-redirect', action: 'shell', module: shellModule, args: { cmd: 'echo x > out; cat out', chdir: '{dir}', creates: 'out' }, check: true },
  { name: 'shell-stdin', action: 'shell', module: shellModule, args: { cmd: 'read a; echo "got $a"', stdin: 'line' }, check: true },
  // fetch (dest on the controller, per node)
  { name: 'fetch-tree', action: 'fetch', module: fetchModule, args: { src: '{dir}/f', dest: '{local}/tree' }, setup: 'echo fetched > {dir}/f' },
  { name: 'fetch-flat', action: 'fetch', module: fetchModule, args: { src: '{dir}/f', dest: '{local}/{host}/', flat: true }, setup: 'echo flat > {dir}/f' },
  { name: 'fetch-missing', action: 'fetch', module: fetchModule, args: { src: '{dir}/nope', dest: '{local}/m' } },
  { name: 'fetch-missing-ok', action: 'fetch', module: fetchModule, args: { src: '{dir}/nope', dest: '{local}/m', fail_on_missing: false } },
  // raw
  { name: 'raw-echo', action: 'raw', module: rawModule, args: { _raw_params: 'echo "a  b"; echo "  c"' }, check: true, tty: true },
  { name: 'raw-rc', action: 'raw', module: rawModule, args: { _raw_params: 'echo out; exit 3' }, check: true, tty: true },
  { name: 'raw-executable', action: 'raw', module: rawModule, args: { _raw_params: 'echo ${BASH_VERSINFO[0]}', executable: '/bin/bash' }, check: true, tty: true },
  { name: 'raw-files', action: 'raw', module: rawModule, args: { _raw_params: 'cd {dir} && echo x > made && ls' }, tty: true },
  // script (from the controller's files/)
  { name: 'script-args', action: 'script', module: scriptModule, args: { _raw_params: 'hello.sh a "b c"' }, check: true, tty: true },
  { name: 'script-chdir', action: 'script', module: scriptModule, args: { cmd: 'hello.sh', chdir: '{dir}' }, check: true, tty: true },
  { name: 'script-creates', action: 'script', module: scriptModule, args: { cmd: 'hello.sh', creates: '{dir}/x' }, setup: 'touch {dir}/x', check: true },
  { name: 'script-removes-present', action: 'script', module: scriptModule, args: { cmd: 'hello.sh', removes: '{dir}/x' }, setup: 'touch {dir}/x', check: true, tty: true },
  { name: 'script-chdir-relative', action: 'script', module: scriptModule, args: { cmd: 'hello.sh', chdir: 'sub' }, check: true, ignore: PY_EXCEPTION },
  { name: 'script-removes', action: 'script', module: scriptModule, args: { cmd: 'hello.sh', removes: '{dir}/x' }, check: true },
  { name: 'script-rc', action: 'script', module: scriptModule, args: { cmd: 'fail.sh' }, check: true, tty: true, ignore: PY_EXCEPTION },
  { name: 'script-executable', action: 'script', module: scriptModule, args: { cmd: 'hello.sh x', executable: '/bin/bash' }, check: true, tty: true },
  // ping
  { name: 'ping-default', action: 'ping', module: pingModule, args: {}, check: true },
  { name: 'ping-data', action: 'ping', module: pingModule, args: { data: 'hi {{ title }}' }, check: true },
  // debug, assert, fail, set_fact (action plugins in Ansible: nothing runs on the host)
  { name: 'debug-default', action: 'debug', module: debugModule, args: {}, check: true },
  { name: 'debug-msg', action: 'debug', module: debugModule, args: { msg: 'title is {{ title }}' }, check: true },
  { name: 'debug-msg-list', action: 'debug', module: debugModule, args: { msg: ['a', '{{ debug }}', '{{ items[2] }}', '{{ title | upper }}'] }, check: true },
  { name: 'debug-var', action: 'debug', module: debugModule, args: { var: 'title' }, check: true },
  { name: 'debug-var-expr', action: 'debug', module: debugModule, args: { var: 'items | map(attribute="name") | list' }, check: true },
  { name: 'debug-var-undefined', action: 'debug', module: debugModule, args: { var: 'no_such_var' }, check: true },
  { name: 'debug-var-null', action: 'debug', module: debugModule, args: { var: 'nothing' }, check: true },
  { name: 'assert-pass', action: 'assert', module: assertModule, args: { that: ['title == "kolla"', 'items | length == 3'] }, check: true },
  { name: 'assert-fail', action: 'assert', module: assertModule, args: { that: ['title == "kolla"', 'debug', 'nothing is none'] }, check: true },
  { name: 'assert-one-string', action: 'assert', module: assertModule, args: { that: 'items | length > 5' }, check: true },
  { name: 'assert-fail-msg', action: 'assert', module: assertModule, args: { that: ['debug'], fail_msg: 'debug is {{ debug }}' }, check: true },
  { name: 'assert-msg', action: 'assert', module: assertModule, args: { that: ['debug'], msg: 'old style' }, check: true },
  { name: 'assert-success-msg', action: 'assert', module: assertModule, args: { that: ['not debug'], success_msg: 'fine: {{ title }}', fail_msg: 'unused' }, check: true },
  { name: 'assert-quiet', action: 'assert', module: assertModule, args: { that: ['not debug'], quiet: true }, check: true },
  { name: 'fail-default', action: 'fail', module: failModule, args: {}, check: true },
  { name: 'fail-msg', action: 'fail', module: failModule, args: { msg: 'stop at {{ title }}' }, check: true },
  { name: 'set_fact-values', action: 'set_fact', args: { a: 1, b: '{{ title }}-x', c: '{{ items | map(attribute="name") | list }}', d: '{{ items[1] }}', e: 'yes', f: 'False', g: 'no way' }, check: true },
  { name: 'set_fact-cacheable', action: 'set_fact', args: { f: '{{ debug }}', cacheable: true }, check: true },
  // user (names unique to the case; setup removes what an earlier run left)
  { name: 'user-create', action: 'user', module: userModule, args: { name: 'kr6create', uid: 4601, shell: '/bin/bash', home: '{dir}/home', comment: 'Kolla Six' }, setup: noUser('kr6create'), check: true },
  { name: 'user-create-no-home', action: 'user', module: userModule, args: { name: 'kr6nohome', uid: 4602, create_home: false, home: '{dir}/h' }, setup: noUser('kr6nohome'), check: true },
  { name: 'user-present', action: 'user', module: userModule, args: { name: 'kr6present', uid: 4603, shell: '/bin/sh' }, setup: `${noUser('kr6present')}; useradd -u 4603 -s /bin/sh -m -d {dir}/home kr6present`, check: true },
  { name: 'user-present-home-missing', action: 'user', module: userModule, args: { name: 'kr6homeless' }, setup: `${noUser('kr6homeless')}; useradd -u 4604 -M -d {dir}/home kr6homeless`, check: true },
  { name: 'user-modify', action: 'user', module: userModule, args: { name: 'kr6mod', shell: '/bin/bash', comment: 'changed', groups: ['daemon', 'adm'], append: true }, setup: `${noUser('kr6mod')}; useradd -u 4605 -s /bin/sh -M -d {dir} -G bin kr6mod`, check: true },
  { name: 'user-groups-replace', action: 'user', module: userModule, args: { name: 'kr6grp', groups: 'bin' }, setup: `${noUser('kr6grp')}; useradd -u 4606 -M -d {dir} -G daemon,adm kr6grp`, check: true },
  { name: 'user-uid-change', action: 'user', module: userModule, args: { name: 'kr6uid', uid: 4608 }, setup: `${noUser('kr6uid')}; useradd -u 4607 -M -d {dir} kr6uid`, check: true },
  { name: 'user-system', action: 'user', module: userModule, args: { name: 'kr6sys', system: true, create_home: false }, setup: noUser('kr6sys'), check: true, ignore: PICKED_IDS },
  { name: 'user-primary-group', action: 'user', module: userModule, args: { name: 'kr6prim', uid: 4609, group: 'daemon', create_home: false }, setup: noUser('kr6prim'), check: true },
  { name: 'user-remove', action: 'user', module: userModule, args: { name: 'kr6rm', state: 'absent', remove: true }, setup: `${noUser('kr6rm')}; useradd -u 4610 -m -d {dir}/home kr6rm`, check: true },
  { name: 'user-remove-keep-home', action: 'user', module: userModule, args: { name: 'kr6rmk', state: 'absent' }, setup: `${noUser('kr6rmk')}; useradd -u 4611 -m -d {dir}/home kr6rmk`, check: true },
  { name: 'user-absent-missing', action: 'user', module: userModule, args: { name: 'kr6none', state: 'absent' }, setup: noUser('kr6none'), check: true },
  { name: 'user-missing-group', action: 'user', module: userModule, args: { name: 'kr6badgrp', groups: ['no-such-group'], create_home: false }, setup: noUser('kr6badgrp'), check: true },
  // group
  { name: 'group-create', action: 'group', module: groupModule, args: { name: 'kr6g1', gid: 3701 }, setup: noGroup('kr6g1'), check: true },
  { name: 'group-present', action: 'group', module: groupModule, args: { name: 'kr6g2' }, setup: `${noGroup('kr6g2')}; groupadd -g 3702 kr6g2`, check: true },
  { name: 'group-gid-change', action: 'group', module: groupModule, args: { name: 'kr6g3', gid: 3704 }, setup: `${noGroup('kr6g3')}; groupadd -g 3703 kr6g3`, check: true },
  { name: 'group-system', action: 'group', module: groupModule, args: { name: 'kr6g4', system: true }, setup: noGroup('kr6g4'), check: true, ignore: PICKED_IDS },
  { name: 'group-remove', action: 'group', module: groupModule, args: { name: 'kr6g5', state: 'absent' }, setup: `${noGroup('kr6g5')}; groupadd kr6g5`, check: true },
  { name: 'group-absent-missing', action: 'group', module: groupModule, args: { name: 'kr6g6', state: 'absent' }, setup: noGroup('kr6g6'), check: true },
  // wait_for (short timeouts: each case runs three times on each side)
  { name: 'wait_for-port-open', action: 'wait_for', module: waitForModule, args: { port: 18611, timeout: 5 }, setup: startServer(18611), teardown: stopServer(18611), check: true },
  { name: 'wait_for-port-closed', action: 'wait_for', module: waitForModule, args: { port: 18612, state: 'stopped', timeout: 5 }, check: true },
  { name: 'wait_for-port-timeout', action: 'wait_for', module: waitForModule, args: { host: '127.0.0.1', port: 18613, timeout: 2 }, check: true },
  { name: 'wait_for-port-stop-timeout', action: 'wait_for', module: waitForModule, args: { port: 18614, state: 'stopped', timeout: 2 }, setup: startServer(18614), teardown: stopServer(18614), check: true },
  { name: 'wait_for-port-drained', action: 'wait_for', module: waitForModule, args: { port: 18615, state: 'drained', timeout: 5 }, check: true },
  { name: 'wait_for-port-regex', action: 'wait_for', module: waitForModule, args: { port: 22, search_regex: 'OpenSSH', timeout: 5 }, check: true },
  { name: 'wait_for-path-present', action: 'wait_for', module: waitForModule, args: { path: '{dir}/f', timeout: 5 }, setup: 'touch {dir}/f', check: true },
  { name: 'wait_for-path-dir', action: 'wait_for', module: waitForModule, args: { path: '{dir}/d', timeout: 5 }, setup: 'mkdir {dir}/d', check: true },
  { name: 'wait_for-path-absent', action: 'wait_for', module: waitForModule, args: { path: '{dir}/nope', state: 'absent', timeout: 5 }, check: true },
  { name: 'wait_for-path-timeout', action: 'wait_for', module: waitForModule, args: { path: '{dir}/nope', timeout: 1 }, check: true },
  { name: 'wait_for-path-absent-timeout', action: 'wait_for', module: waitForModule, args: { path: '{dir}/f', state: 'absent', timeout: 1 }, setup: 'touch {dir}/f', check: true },
  { name: 'wait_for-search-regex', action: 'wait_for', module: waitForModule, args: { path: '{dir}/log', search_regex: 'ready (?P<what>\\w+) on (\\d+)' }, setup: "printf 'starting\\nready web on 8080\\n' > {dir}/log", check: true },
  { name: 'wait_for-search-timeout', action: 'wait_for', module: waitForModule, args: { path: '{dir}/log', search_regex: 'never', timeout: 1 }, setup: 'echo x > {dir}/log', check: true },
  { name: 'wait_for-msg', action: 'wait_for', module: waitForModule, args: { path: '{dir}/nope', timeout: 1, msg: 'custom {{ title }}' }, check: true },
  { name: 'wait_for-sleep-only', action: 'wait_for', module: waitForModule, args: { timeout: 1 }, check: true },
  { name: 'wait_for-port-and-path', action: 'wait_for', module: waitForModule, args: { port: 1, path: '/x' }, check: true },
  // wait_for_connection
  // elapsed: Ansible's try runs the ping module through Python (about a second on a busy machine), ours a shell echo.
  { name: 'wait_for_connection-ok', action: 'wait_for_connection', module: waitForConnectionModule, args: { timeout: 20 }, check: true, ignore: ['elapsed'] },
  // uri (a python3 http.server on the node, serving {dir})
  { name: 'uri-get', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18621/hello.txt' }, ...served(18621, HELLO), ignore: HTTP_TIMES, check: true },
  { name: 'uri-return-content', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18622/hello.txt', return_content: true }, ...served(18622, HELLO), ignore: HTTP_TIMES, check: true },
  { name: 'uri-json', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18623/data.json' }, ...served(18623, HELLO), ignore: HTTP_TIMES, check: true },
  { name: 'uri-404', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18624/nope' }, ...served(18624, HELLO), ignore: HTTP_TIMES, check: true },
  { name: 'uri-status-list', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18625/nope', status_code: [200, 404], return_content: true }, ...served(18625, HELLO), ignore: HTTP_TIMES, check: true },
  { name: 'uri-post-json', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18626/', method: 'POST', body_format: 'json', body: { a: 1 }, status_code: 501 }, ...served(18626, HELLO), ignore: HTTP_TIMES, check: true },
  { name: 'uri-refused', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18627/', timeout: 5 }, check: true },
  { name: 'uri-creates', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18628/', creates: '{dir}/hello.txt' }, setup: HELLO, check: true },
  { name: 'uri-dir-listing', action: 'uri', module: uriModule, args: { url: 'http://127.0.0.1:18629/', return_content: true }, ...served(18629, HELLO), ignore: HTTP_TIMES, check: true },
  // get_url (from the same kind of server)
  { name: 'get_url-new', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18631/hello.txt', dest: '{dir}/out/h.txt' }, ...served(18631, `${HELLO}; mkdir {dir}/out`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-checksum', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18632/hello.txt', dest: '{dir}/out/h.txt', checksum: `sha256:${SHA_HELLO}`, mode: '0640' }, ...served(18632, `${HELLO}; mkdir {dir}/out`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-checksum-bad', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18633/hello.txt', dest: '{dir}/out/h.txt', checksum: 'sha256:0000' }, ...served(18633, `${HELLO}; mkdir {dir}/out`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-into-dir', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18634/hello.txt', dest: '{dir}/out' }, ...served(18634, `${HELLO}; mkdir {dir}/out`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-exists', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18635/hello.txt', dest: '{dir}/out/h.txt' }, ...served(18635, `${HELLO}; mkdir {dir}/out; echo old > {dir}/out/h.txt`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-force-mode', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18636/hello.txt', dest: '{dir}/out/h.txt', force: true, mode: '0600' }, ...served(18636, `${HELLO}; mkdir {dir}/out; echo old > {dir}/out/h.txt`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-404', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18637/nope', dest: '{dir}/out/h.txt' }, ...served(18637, `${HELLO}; mkdir {dir}/out`), ignore: HTTP_TEMP, check: true },
  { name: 'get_url-no-dir', action: 'get_url', module: getUrlModule, args: { url: 'http://127.0.0.1:18638/hello.txt', dest: '{dir}/no/h.txt' }, ...served(18638, HELLO), ignore: HTTP_TEMP, check: true },
  { name: 'getent-passwd-key', action: 'getent', module: getentModule, args: { database: 'passwd', key: 'root' }, check: true },
  { name: 'getent-group-all', action: 'getent', module: getentModule, args: { database: 'group' } },
  { name: 'getent-hosts-whitespace', action: 'getent', module: getentModule, args: { database: 'hosts', key: 'localhost' } },
  { name: 'getent-passwd-split', action: 'getent', module: getentModule, args: { database: 'passwd', key: 'daemon', split: 'x' } },
  { name: 'getent-missing-key', action: 'getent', module: getentModule, args: { database: 'passwd', key: 'kr-no-such-user' } },
  { name: 'getent-missing-key-no-fail', action: 'getent', module: getentModule, args: { database: 'group', key: 'kr-no-such-group', fail_key: false } },
  { name: 'getent-unknown-db', action: 'getent', module: getentModule, args: { database: 'kr-no-such-db' } },
  { name: 'sysctl-new-file', action: 'sysctl', module: sysctlModule, args: { name: 'net.ipv4.ip_forward', value: 1, sysctl_file: '{dir}/s.conf', reload: false }, check: true },
  {
    name: 'sysctl-rewrite',
    action: 'sysctl',
    module: sysctlModule,
    args: { key: 'vm.swappiness', val: ' 10 ', sysctl_file: '{dir}/s.conf', reload: 'no' },
    setup: `printf '# comment\\n\\n  vm.swappiness = 60\\nkernel.pid_max=4194304\\n; old\\nvm.swappiness=1\\nkernel.pid_max = 99\\nno equals here' > {dir}/s.conf`,
    check: true,
  },
  { name: 'sysctl-absent', action: 'sysctl', module: sysctlModule, args: { name: 'kernel.pid_max', state: 'absent', sysctl_file: '{dir}/s.conf', reload: false }, setup: `printf 'kernel.pid_max=1\\nvm.swappiness=5\\n' > {dir}/s.conf`, check: true },
  { name: 'sysctl-absent-missing', action: 'sysctl', module: sysctlModule, args: { name: 'kernel.pid_max', state: 'absent', sysctl_file: '{dir}/s.conf' }, setup: `printf 'vm.swappiness=5\\n' > {dir}/s.conf` },
  { name: 'sysctl-reload-same', action: 'sysctl', module: sysctlModule, args: { name: 'net.ipv4.ip_forward', value: 1, sysctl_file: '{dir}/s.conf' }, setup: 'echo "net.ipv4.ip_forward=$(sysctl -n net.ipv4.ip_forward)" > {dir}/s.conf', check: true },
  // The testbed's /proc/sys is read-only: setting the running kernel fails, with the module's message.
  { name: 'sysctl-set-running', action: 'sysctl', module: sysctlModule, args: { name: 'net.ipv4.tcp_fin_timeout', value: '45', sysctl_set: true, sysctl_file: '{dir}/s.conf' }, check: true },
  { name: 'sysctl-unknown-key', action: 'sysctl', module: sysctlModule, args: { name: 'kr.no.such.key', value: 'yes', sysctl_file: '{dir}/s.conf' } },
  { name: 'sysctl-blank-value', action: 'sysctl', module: sysctlModule, args: { name: 'vm.swappiness', value: ' ', sysctl_file: '{dir}/s.conf' } },
  ...SYSTEM_CASES,
];
