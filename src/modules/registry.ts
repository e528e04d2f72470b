/**
 * The one list of task modules. The playbook loader validates module names
 * against it, the executor looks modules up in it, and a test checks that
 * every module a file in src/modules defines is listed here.
 */
import { aptModule } from './apt.js';
import { assertModule } from './assert.js';
import { blockinfileModule } from './blockinfile.js';
import { commandModule, shellModule } from './command.js';
import type { AnyTaskModule } from './contract.js';
import { copyModule } from './copy.js';
import { debugModule } from './debug.js';
import { failModule } from './fail.js';
import { fetchModule } from './fetch.js';
import { fileModule } from './file.js';
import { findModule as findFilesModule } from './find.js';
import { getUrlModule } from './get_url.js';
import { groupModule } from './group.js';
import { iniFileModule } from './ini_file.js';
import { kollaContainerModule } from './kolla_container.js';
import { kollaContainerFactsModule } from './kolla_container_facts.js';
import { lineinfileModule } from './lineinfile.js';
import { mergeConfigsModule } from './merge_configs.js';
import { mergeYamlModule } from './merge_yaml.js';
import { pauseModule } from './pause.js';
import { pingModule } from './ping.js';
import { rawModule } from './raw.js';
import { scriptModule } from './script.js';
import { serviceModule, systemdServiceModule } from './service.js';
import { setupModule } from './setup.js';
import { slurpModule } from './slurp.js';
import { statModule } from './stat.js';
import { templateModule } from './template.js';
import { uriModule } from './uri.js';
import { userModule } from './user.js';
import { waitForModule } from './wait_for.js';
import { waitForConnectionModule } from './wait_for_connection.js';

const modules: readonly AnyTaskModule[] = [
  aptModule,
  assertModule,
  blockinfileModule,
  commandModule,
  copyModule,
  debugModule,
  failModule,
  fetchModule,
  fileModule,
  findFilesModule,
  getUrlModule,
  groupModule,
  iniFileModule,
  kollaContainerModule,
  kollaContainerFactsModule,
  lineinfileModule,
  mergeConfigsModule,
  mergeYamlModule,
  pauseModule,
  pingModule,
  rawModule,
  scriptModule,
  serviceModule,
  setupModule,
  shellModule,
  slurpModule,
  statModule,
  systemdServiceModule,
  templateModule,
  uriModule,
  userModule,
  waitForModule,
  waitForConnectionModule,
];

const byName = new Map(modules.map((m) => [m.name, m]));
/** Other names Ansible accepts for the same module. */
const ALIASES: Readonly<Record<string, string>> = { systemd: 'systemd_service' };

/** Collections whose prefix is accepted in front of the modules we implement. */
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'community.general.', 'ansible.posix.', 'kolla.'];

export function normaliseModuleName(name: string): string {
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  const short = prefix ? name.slice(prefix.length) : name;
  return ALIASES[short] ?? short;
}

export function findModule(name: string): AnyTaskModule | undefined {
  return byName.get(normaliseModuleName(name));
}

export function moduleNames(): readonly string[] {
  return [...byName.keys()];
}

/** The catalog the playbook loader validates task actions against. */
export const moduleCatalog = {
  has: (name: string): boolean => byName.has(normaliseModuleName(name)),
  names: moduleNames,
};
