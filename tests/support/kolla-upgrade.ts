/** What an upgrade test or bench needs: new images to upgrade to, the upgrade verb, where each container stands. */
import { BUILD_DATE_LABEL, dayUtc } from '../../src/images/index.js';
import { docker } from '../../src/testbed/docker-cli.js';
import { pushToRegistry, testbedNames } from '../../src/testbed/index.js';
import { KOLLA_IMAGES, kollaRun, type CliRun, type KollaDeploy } from './kolla-deploy.js';

const DAY = 86_400_000;

/**
 * New images under `tag`: the deploy's own, stamped with Kolla's build-date
 * label `daysAhead` days from today (as a release build stamps it), pushed
 * to the testbed's registry. Derived rather than rebuilt: the same contents
 * in seconds, a new image id for every service.
 */
export async function newImages(k: KollaDeploy, tag: string, daysAhead: number): Promise<void> {
  const names = testbedNames(k.state.testbed, '/unused');
  const date = dayUtc(new Date(Date.now() + daysAhead * DAY));
  for (const image of KOLLA_IMAGES) {
    const ref = `kolla/${image}:${tag}`;
    await docker(['build', '--quiet', '--tag', ref, '--label', `${BUILD_DATE_LABEL}=${date}`, '-'], { input: `FROM kolla/${image}:latest\n` });
    await pushToRegistry(ref, names, k.state.registry.hostPort);
  }
}

/** `kolla-run upgrade` (one host at a time) to `tag`. */
export function upgrade(k: KollaDeploy, tag: string, extra: readonly string[] = []): Promise<CliRun> {
  return kollaRun(['upgrade', '-i', k.inventory, '-e', `openstack_tag=${tag}`, ...extra], k.configDir);
}

/** Every Kolla container of every node, `node<N>/<name> <image>`, sorted. */
export async function containerImages(k: KollaDeploy): Promise<string[]> {
  const out: string[] = [];
  for (const i of k.state.nodes.keys()) {
    const lines = await k.sh(i, "docker ps --filter label=org.kolla-run.image --format '{{.Names}} {{.Image}}'");
    out.push(...lines.trim().split('\n').map((l) => `node${i + 1}/${l}`));
  }
  return out.sort();
}

/** The hosts a task changed, in the order the run reported them (text output, a task named as in its TASK line). */
export function hostsChangedBy(output: string, task: string): string[] {
  const hosts: string[] = [];
  let current = '';
  for (const line of output.split('\n')) {
    const header = /^TASK \[(.+)\] \**$/.exec(line.trim());
    if (header) current = header[1] ?? '';
    const changed = /^changed: \[([^\]]+)\]/.exec(line.trim());
    if (changed && current === task) hosts.push(changed[1] ?? '');
  }
  return hosts;
}
