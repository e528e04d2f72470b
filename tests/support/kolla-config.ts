/**
 * A service's rendered configuration on a testbed node, laid out as
 * kolla-ansible leaves it: /etc/kolla/<service>/ (0770) holding config.json
 * and the files it names (0660, root's), mounted read-only into the
 * container at /var/lib/kolla/config_files.
 */
import type { ModuleHost } from './module-host.js';

export interface KollaConfigFile {
  /** Source inside the container's config dir (/var/lib/kolla/config_files/<name>). */
  name: string;
  content: string;
  dest: string;
  owner: string;
  perm: string;
}

export interface KollaConfig {
  command: string;
  files?: KollaConfigFile[];
  permissions?: Array<{ path: string; owner: string; recurse?: boolean; perm?: string }>;
}

export const KOLLA_CONFIG_ROOT = '/etc/kolla';

/** The bind mount a kolla_container task gives the service (kolla-ansible's `/etc/kolla/<svc>/:/var/lib/kolla/config_files/:ro`). */
export function configVolume(service: string): string {
  return `${KOLLA_CONFIG_ROOT}/${service}/:/var/lib/kolla/config_files/:ro`;
}

/** Writes config.json and its files; returns the directory. */
export async function writeKollaConfig(host: ModuleHost, service: string, config: KollaConfig): Promise<string> {
  const dir = `${KOLLA_CONFIG_ROOT}/${service}`;
  await host.sh(`mkdir -p ${dir} && chmod 0770 ${dir}`);
  const json = {
    command: config.command,
    config_files: (config.files ?? []).map((f) => ({ source: `/var/lib/kolla/config_files/${f.name}`, dest: f.dest, owner: f.owner, perm: f.perm })),
    permissions: config.permissions ?? [],
  };
  await host.connection.put(`${JSON.stringify(json, null, 4)}\n`, `${dir}/config.json`, { mode: 0o660 });
  for (const file of config.files ?? []) await writeConfigFile(host, service, file.name, file.content);
  return dir;
}

/** Replaces one source file of a service's configuration, as a re-rendered template would. */
export async function writeConfigFile(host: ModuleHost, service: string, name: string, content: string): Promise<void> {
  await host.connection.put(content, `${KOLLA_CONFIG_ROOT}/${service}/${name}`, { mode: 0o660 });
  await host.sh(`chown root:root ${KOLLA_CONFIG_ROOT}/${service}/${name} ${KOLLA_CONFIG_ROOT}/${service}/config.json`);
}

export async function removeKollaConfig(host: ModuleHost, service: string): Promise<void> {
  await host.connection.exec(`rm -rf ${KOLLA_CONFIG_ROOT}/${service}`);
}

/** The container's State.StartedAt and Id, as the node's engine reports them. */
export async function startedAt(host: ModuleHost, name: string): Promise<{ started: string; id: string }> {
  const [started = '', id = ''] = (await host.sh(`docker inspect -f '{{.State.StartedAt}} {{.Id}}' ${name}`)).trim().split(' ');
  return { started, id };
}
