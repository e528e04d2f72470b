/**
 * The one list of task modules. The playbook loader validates module names
 * against it, the executor looks modules up in it, and a test checks that
 * every file in src/modules that defines a module is listed here.
 */
import { assertModule } from './assert.js';
import { commandModule, shellModule } from './command.js';
import { copyModule } from './copy.js';
import { kollaContainerModule } from './kolla-container.js';
import { kollaContainerFactsModule } from './kolla-container-facts.js';
import { mergeConfigsModule } from './merge-configs.js';
import { mergeYamlModule } from './merge-yaml.js';
import type { AnyTaskModule } from './contract.js';
import { debugModule } from './debug.js';
import { failModule } from './fail.js';
import { pingModule } from './ping.js';
import { rawModule } from './raw.js';
import { setupModule } from './setup.js';
import { templateModule } from './template.js';

const modules: readonly AnyTaskModule[] = [commandModule, shellModule, rawModule, pingModule, setupModule, debugModule, assertModule, failModule, copyModule, templateModule, kollaContainerModule, kollaContainerFactsModule, mergeConfigsModule, mergeYamlModule];

const byName = new Map(modules.map((m) => [m.name, m]));

/** Collections whose prefix is accepted in front of the modules we implement. */
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'community.general.', 'kolla.'];

export function normaliseModuleName(name: string): string {
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  return prefix ? name.slice(prefix.length) : name;
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
