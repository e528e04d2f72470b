/**
 * Differential cases for the modules that drive a host's tools (git,
 * dpkg, the container engine, openssl) rather than edit files: the same
 * shape as differential-cases.ts, listed there. Commits are made with
 * fixed names and dates so both nodes' repositories have the same ids;
 * checkouts go beside the case's folder, whose files are compared (git's
 * own files hold times).
 */
import type { DiffCase } from './differential-cases.js';
import { assembleModule } from '../../../src/modules/assemble.js';
import { dockerImageInfoModule } from '../../../src/modules/docker_image_info.js';
import { dockerPruneModule } from '../../../src/modules/docker_prune.js';
import { gitModule } from '../../../src/modules/git.js';
import { openSslCsrModule } from '../../../src/modules/openssl_csr.js';
import { openSslPrivateKeyModule } from '../../../src/modules/openssl_privatekey.js';
import { packageFactsModule } from '../../../src/modules/package_facts.js';
import { x509CertificateModule } from '../../../src/modules/x509_certificate.js';
import { x509CertificateInfoModule } from '../../../src/modules/x509_certificate_info.js';

/** A key and a request beside the case's folder (keys differ by node: their files are not compared). */
const KEY = (name: string) => `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out {dir}/../${name}.key 2>/dev/null`;
const CSR = (name: string, subj: string, ext: string) => `${KEY(name)} && openssl req -new -key {dir}/../${name}.key -subj '${subj}' ${ext} -out {dir}/../${name}.csr`;
/** What differs between two certificates made alike on two nodes: their keys, serials, dates and key identifiers. */
const CERT_VARIES = ['fingerprints', 'public_key', 'public_key_data', 'public_key_fingerprints', 'serial_number', 'not_before', 'not_after', 'subject_key_identifier', 'authority_key_identifier', 'extensions_by_oid'];

const GIT = "GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z' git -c user.name=t -c user.email=t@example.org";
const REPO = `git init -q -b main {dir}/src && ${GIT} -C {dir}/src commit -q --allow-empty -m one && git -C {dir}/src tag v1 && ${GIT} -C {dir}/src commit -q --allow-empty -m two`;

export const SYSTEM_CASES: DiffCase[] = [
  { name: 'git-clone-branch', action: 'ansible.builtin.git', module: gitModule, args: { repo: '{dir}/src', dest: '{dir}/../git-clone-branch.co', version: 'main' }, setup: REPO, check: true },
  { name: 'git-clone-tag', action: 'ansible.builtin.git', module: gitModule, args: { repo: 'file://{dir}/src', dest: '{dir}/../git-clone-tag.co', version: 'v1' }, setup: REPO, check: true },
  {
    name: 'git-update',
    action: 'ansible.builtin.git',
    module: gitModule,
    args: { repo: '{dir}/src', dest: '{dir}/../git-update.co' },
    setup: `${REPO} && git clone -q --branch v1 {dir}/src {dir}/../git-update.co && git -C {dir}/../git-update.co checkout -q -B main v1`,
    check: true,
  },
  { name: 'git-no-clone', action: 'ansible.builtin.git', module: gitModule, args: { repo: '{dir}/src', dest: '{dir}/../git-no-clone.co', clone: false, version: 'v1' }, setup: REPO, check: true },
  { name: 'git-no-repo', action: 'ansible.builtin.git', module: gitModule, args: { repo: '{dir}/none', dest: '{dir}/../git-no-repo.co' }, ignore: ['msg', 'cmd', 'stderr', 'stderr_lines', 'stdout', 'stdout_lines', 'rc'] },
  {
    name: 'assemble-delimiter',
    action: 'assemble',
    module: assembleModule,
    args: { src: '{dir}/frags', dest: '{dir}/out', delimiter: '# --\\n', mode: '0640' },
    setup: "mkdir frags && printf 'b\\n' > frags/20-b && printf 'a' > frags/10-a && printf 'h\\n' > frags/.h",
  },
  { name: 'assemble-regexp', action: 'assemble', module: assembleModule, args: { src: '{dir}/frags', dest: '{dir}/out', regexp: '^1', ignore_hidden: true }, setup: "mkdir frags && printf '1\\n' > frags/1a && printf '2\\n' > frags/2a && printf 'x\\n' > frags/.1h" },
  { name: 'assemble-missing-src', action: 'assemble', module: assembleModule, args: { src: '{dir}/none', dest: '{dir}/out' } },
  // apt's view includes the repositories' lists when a host has them (origin "Debian", their sections):
  // both nodes fetch the lists first, whatever an earlier test fetched on one of them.
  { name: 'package-facts', action: 'package_facts', module: packageFactsModule, args: {}, check: true, setup: 'apt-get update -qq' },
  { name: 'docker-image-info-missing', action: 'community.docker.docker_image_info', module: dockerImageInfoModule, args: { name: ['kr-diff/none:1'] }, check: true },
  {
    name: 'docker-prune-containers',
    action: 'community.docker.docker_prune',
    module: dockerPruneModule,
    args: { containers: true, containers_filters: { label: 'kr_diff_prune' } },
    setup: "mkdir -p r && echo x > r/x && tar -C r -c . | docker import -c 'CMD [\"/x\"]' - kr-diff/prune:1 >/dev/null && docker create --label kr_diff_prune=1 kr-diff/prune:1 >/dev/null",
    teardown: 'docker rmi -f kr-diff/prune:1',
    // The container's id differs by node.
    ignore: ['containers'],
  },
  {
    name: 'openssl-privatekey-rsa',
    action: 'community.crypto.openssl_privatekey',
    module: openSslPrivateKeyModule,
    args: { path: '{dir}/../pk-rsa.key', size: 2048, mode: '0640' },
    check: true,
    ignore: ['fingerprint'],
  },
  { name: 'openssl-privatekey-ecc-passphrase', action: 'community.crypto.openssl_privatekey', module: openSslPrivateKeyModule, args: { path: '{dir}/../pk-ecc.key', type: 'ECC', curve: 'secp384r1', passphrase: 'secret phrase', cipher: 'auto' }, check: true, ignore: ['fingerprint'] },
  {
    name: 'openssl-csr',
    action: 'community.crypto.openssl_csr',
    module: openSslCsrModule,
    args: { path: '{dir}/../csr.csr', privatekey_path: '{dir}/../csr.key', common_name: 'kolla.example', country_name: 'US', organizational_unit_name: 'kolla', subject_alt_name: ['DNS:kolla.example', 'IP:10.0.0.9'], key_usage: ['digitalSignature', 'keyEncipherment'], extended_key_usage: ['serverAuth'], basic_constraints: ['CA:FALSE'], digest: 'sha256' },
    setup: KEY('csr'),
    check: true,
  },
  {
    name: 'x509-selfsigned',
    action: 'community.crypto.x509_certificate',
    module: x509CertificateModule,
    args: { path: '{dir}/../ss.crt', csr_path: '{dir}/../ss.csr', privatekey_path: '{dir}/../ss.key', provider: 'selfsigned', selfsigned_not_after: '+1024d' },
    setup: CSR('ss', '/CN=KollaDiffCA', '-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,digitalSignature,keyCertSign'),
    check: true,
    ignore: ['notBefore', 'notAfter', 'serial_number'],
  },
  {
    name: 'x509-ownca',
    action: 'community.crypto.x509_certificate',
    module: x509CertificateModule,
    args: { path: '{dir}/../oc.crt', csr_path: '{dir}/../oc.csr', privatekey_path: '{dir}/../oc.key', provider: 'ownca', ownca_path: '{dir}/../oc-ca.crt', ownca_privatekey_path: '{dir}/../oc-ca.key', ownca_digest: 'sha256', ownca_not_after: '+365d' },
    setup: `${CSR('oc', '/C=US/CN=node', '-addext subjectAltName=DNS:node')} && ${KEY('oc-ca')} && openssl req -x509 -new -key {dir}/../oc-ca.key -subj /CN=KollaDiffCA -days 30 -out {dir}/../oc-ca.crt`,
    check: true,
    ignore: ['notBefore', 'notAfter', 'serial_number'],
  },
  {
    name: 'x509-info',
    action: 'community.crypto.x509_certificate_info',
    module: x509CertificateInfoModule,
    args: { path: '{dir}/../info.crt', valid_at: { soon: '+1d', later: '+30d' } },
    setup: `${KEY('info')} && openssl req -x509 -new -key {dir}/../info.key -subj '/C=US/O=Kolla/CN=ci.example' -addext subjectAltName=DNS:a,IP:10.0.0.1 -addext keyUsage=critical,digitalSignature,keyCertSign -addext extendedKeyUsage=serverAuth,clientAuth -days 10 -out {dir}/../info.crt`,
    check: true,
    ignore: CERT_VARIES,
  },
  { name: 'x509-info-missing', action: 'community.crypto.x509_certificate_info', module: x509CertificateInfoModule, args: { path: '{dir}/none.crt' } },
];
