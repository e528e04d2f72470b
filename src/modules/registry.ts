/**
 * The one list of task modules. The playbook loader validates module names
 * against it, the executor loads modules from it, and a test checks that
 * every module a file in src/modules defines is listed here.
 *
 * Each module is loaded on first use: a run pays start-up time only for
 * the modules its tasks name (an ad-hoc `shell` loads one file, not 36).
 */
import type { AnyTaskModule } from './contract.js';

type Loader = () => Promise<AnyTaskModule>;

const loaders: Readonly<Record<string, Loader>> = {
  apt: async () => (await import('./apt.js')).aptModule,
  assemble: async () => (await import('./assemble.js')).assembleModule,
  assert: async () => (await import('./assert.js')).assertModule,
  blockinfile: async () => (await import('./blockinfile.js')).blockinfileModule,
  command: async () => (await import('./command.js')).commandModule,
  copy: async () => (await import('./copy.js')).copyModule,
  debug: async () => (await import('./debug.js')).debugModule,
  docker_image_info: async () => (await import('./docker_image_info.js')).dockerImageInfoModule,
  docker_prune: async () => (await import('./docker_prune.js')).dockerPruneModule,
  fail: async () => (await import('./fail.js')).failModule,
  fetch: async () => (await import('./fetch.js')).fetchModule,
  file: async () => (await import('./file.js')).fileModule,
  find: async () => (await import('./find.js')).findModule,
  getent: async () => (await import('./getent.js')).getentModule,
  get_url: async () => (await import('./get_url.js')).getUrlModule,
  git: async () => (await import('./git.js')).gitModule,
  group: async () => (await import('./group.js')).groupModule,
  ini_file: async () => (await import('./ini_file.js')).iniFileModule,
  kolla_container: async () => (await import('./kolla_container.js')).kollaContainerModule,
  kolla_container_exec: async () => (await import('./kolla_container_exec.js')).kollaContainerExecModule,
  kolla_container_facts: async () => (await import('./kolla_container_facts.js')).kollaContainerFactsModule,
  kolla_toolbox: async () => (await import('./kolla_toolbox.js')).kollaToolboxModule,
  lineinfile: async () => (await import('./lineinfile.js')).lineinfileModule,
  merge_configs: async () => (await import('./merge_configs.js')).mergeConfigsModule,
  merge_yaml: async () => (await import('./merge_yaml.js')).mergeYamlModule,
  modprobe: async () => (await import('./modprobe.js')).modprobeModule,
  openssl_csr: async () => (await import('./openssl_csr.js')).openSslCsrModule,
  openssl_privatekey: async () => (await import('./openssl_privatekey.js')).openSslPrivateKeyModule,
  package_facts: async () => (await import('./package_facts.js')).packageFactsModule,
  pause: async () => (await import('./pause.js')).pauseModule,
  ping: async () => (await import('./ping.js')).pingModule,
  raw: async () => (await import('./raw.js')).rawModule,
  script: async () => (await import('./script.js')).scriptModule,
  service: async () => (await import('./service.js')).serviceModule,
  setup: async () => (await import('./setup.js')).setupModule,
  shell: async () => (await import('./command.js')).shellModule,
  slurp: async () => (await import('./slurp.js')).slurpModule,
  stat: async () => (await import('./stat.js')).statModule,
  sysctl: async () => (await import('./sysctl.js')).sysctlModule,
  systemd_service: async () => (await import('./service.js')).systemdServiceModule,
  template: async () => (await import('./template.js')).templateModule,
  uri: async () => (await import('./uri.js')).uriModule,
  user: async () => (await import('./user.js')).userModule,
  wait_for: async () => (await import('./wait_for.js')).waitForModule,
  wait_for_connection: async () => (await import('./wait_for_connection.js')).waitForConnectionModule,
  x509_certificate: async () => (await import('./x509_certificate.js')).x509CertificateModule,
  x509_certificate_info: async () => (await import('./x509_certificate_info.js')).x509CertificateInfoModule,
  // Known by their interface only: they fail at run time (unsupported.ts).
  ...Object.fromEntries(
    ['firewalld', 'podman_image_info'].map(
      (name): [string, Loader] => [name, async () => (await import('./unsupported.js')).unsupportedModule(name)],
    ),
  ),
};

/** Other names Ansible accepts for the same module. */
const ALIASES: Readonly<Record<string, string>> = { systemd: 'systemd_service' };

/** Collections whose prefix is accepted in front of the modules we implement. */
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'community.general.', 'ansible.posix.', 'community.docker.', 'community.crypto.', 'containers.podman.', 'kolla.'];

export function normaliseModuleName(name: string): string {
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  const short = prefix ? name.slice(prefix.length) : name;
  return ALIASES[short] ?? short;
}

const loaded = new Map<string, Promise<AnyTaskModule>>();

/** The module a task's action names (loaded once); undefined for a name no module has. */
export async function findModule(name: string): Promise<AnyTaskModule | undefined> {
  const short = normaliseModuleName(name);
  const load = Object.hasOwn(loaders, short) ? loaders[short] : undefined;
  if (load === undefined) return undefined;
  let module = loaded.get(short);
  if (module === undefined) {
    module = load();
    loaded.set(short, module);
  }
  return module;
}

export function moduleNames(): readonly string[] {
  return Object.keys(loaders);
}

/** The catalog the playbook loader validates task actions against and reads modules' traits from. */
export const moduleCatalog = {
  has: (name: string): boolean => Object.hasOwn(loaders, normaliseModuleName(name)),
  names: moduleNames,
  freeForm: async (name: string): Promise<boolean> => (await findModule(name))?.freeForm !== undefined,
};
