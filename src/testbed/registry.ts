/**
 * The testbed's image registry: one container on the testbed network that
 * nodes pull from by name, with its port mapped to 127.0.0.1 so that the
 * controller pushes to it (the engine trusts loopback registries as is).
 */
import { get } from 'node:http';
import { EnvironmentError } from '../errors.js';
import { docker, dockerRaw, inspect } from './docker-cli.js';
import type { Log } from './images.js';
import { REGISTRY_IMAGE, REGISTRY_PORT, TESTBED_LABEL, type TestbedNames } from './names.js';

export async function ensureRegistry(names: TestbedNames, log: Log): Promise<number> {
  const existing = await inspect('container', names.registryContainer);
  if (existing) {
    const running = (existing.State as { Running?: boolean } | undefined)?.Running === true;
    if (!running) {
      log(`starting stopped registry ${names.registryContainer}`);
      await docker(['start', names.registryContainer]);
    }
  } else {
    log(`creating registry ${names.registryContainer}`);
    await docker(['volume', 'create', '--label', `${TESTBED_LABEL}=${names.testbed}`, `${names.registryContainer}-data`]);
    await docker([
      'run', '-d',
      '--name', names.registryContainer,
      '--network', names.network,
      '--network-alias', 'registry',
      '--label', `${TESTBED_LABEL}=${names.testbed}`,
      '-p', `127.0.0.1::${REGISTRY_PORT}`,
      '-v', `${names.registryContainer}-data:/var/lib/docker-registry`,
      REGISTRY_IMAGE,
    ]);
  }
  return registryHostPort(names);
}

export async function registryHostPort(names: TestbedNames): Promise<number> {
  const out = await dockerRaw(['port', names.registryContainer, `${REGISTRY_PORT}/tcp`]);
  const port = /:(\d+)\s*$/m.exec(out.stdout)?.[1];
  if (out.code !== 0 || !port) throw new EnvironmentError(`registry ${names.registryContainer} has no published port`);
  return Number(port);
}

/** Waits until the registry answers its API on the published port (each probe bounded, so none is left pending). */
export async function waitForRegistry(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await probe(port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new EnvironmentError(`registry on 127.0.0.1:${port} did not answer within 30 s`);
}

function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/v2/', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Makes `image` pullable by every node as `<registryAddress>/<repo>:<tag>`:
 * tagged for the loopback port, pushed, and the loopback tag removed again.
 */
export async function pushToRegistry(image: string, names: TestbedNames, hostPort: number): Promise<string> {
  const first = image.split('/')[0] ?? '';
  // A first component with a dot or colon names a registry: replace it.
  const repoAndTag = image.includes('/') && /[.:]|^localhost$/.test(first) ? image.slice(first.length + 1) : image;
  const pushRef = `127.0.0.1:${hostPort}/${repoAndTag}`;
  await docker(['tag', image, pushRef]);
  try {
    await docker(['push', '--quiet', pushRef]);
  } finally {
    await dockerRaw(['rmi', pushRef]);
  }
  return `${names.registryAddress}/${repoAndTag}`;
}
