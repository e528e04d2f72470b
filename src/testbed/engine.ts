/**
 * Makes sure a Docker engine answers on this machine. CI and fresh machines
 * have only the client, and no systemd: start Debian's dockerd ourselves.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { EnvironmentError } from '../errors.js';
import { dockerRaw, lastLine } from './docker-cli.js';

const DOCKERD_CANDIDATES = ['/usr/sbin/dockerd', '/usr/bin/dockerd'];
const START_TIMEOUT_MS = 60_000;

export async function engineAnswers(): Promise<boolean> {
  const info = await dockerRaw(['info', '--format', '{{.ServerVersion}}']).catch(() => undefined);
  return info !== undefined && info.code === 0;
}

async function findDockerd(): Promise<string | undefined> {
  // KOLLA_RUN_DOCKERD names another engine binary (tests use it to see a failed start).
  const override = process.env.KOLLA_RUN_DOCKERD;
  for (const candidate of override ? [override] : DOCKERD_CANDIDATES) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** Returns true when this call started the engine. */
export async function ensureEngine(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (await engineAnswers()) return false;
  const dockerd = await findDockerd();
  if (!dockerd) {
    throw new EnvironmentError('no Docker engine runs and dockerd is not installed (run scripts/setup.sh, which installs docker.io)');
  }
  const logFile = process.env.KOLLA_RUN_DOCKERD_LOG ?? '/var/log/dockerd.log';
  log(`starting the Docker engine (${dockerd}, log in ${logFile})`);
  const fd = openSync(logFile, 'a');
  const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', fd, fd] });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? 1;
  });
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await engineAnswers()) return true;
    if (exited !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const info = await dockerRaw(['info']).catch(() => undefined);
  const why = exited !== null ? `dockerd exited with code ${exited}` : `no answer within ${START_TIMEOUT_MS / 1000} s`;
  throw new EnvironmentError(`the Docker engine could not be started: ${why} (see ${logFile})${info ? `; ${lastLine(info.stderr)}` : ''}`);
}
