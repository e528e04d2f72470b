/**
 * The conformance cases: one folder each under tests/conformance/cases,
 * with a playbook and a case.json saying how to run it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CaseSpec {
  /** Folder name; also the name of the output folder on the hosts. */
  name: string;
  dir: string;
  playbook: string;
  /** What the case covers, for the compatibility table. */
  keywords: string[];
  /** Testbed nodes in group `testbed` (default all three). */
  nodes: number;
  /** Add `ghost`, an unreachable host, to group `testbed`. */
  unreachable: boolean;
  /** Extra inventory groups: name -> node names. */
  groups: Record<string, string[]>;
  /** Arguments for both engines (--tags, --limit, -e, --check...). */
  args: string[];
  /** Arguments for one engine only (e.g. kolla-run's --serial vs a templated serial in Ansible). */
  kollaArgs: string[];
  ansibleArgs: string[];
  /** The exit code the case is written to produce (checked on Ansible: a guard against broken cases). */
  exit: number;
  /** Collect files written on the controller (delegate_to: localhost). */
  local: boolean;
  /** Also compare the TASK / RUNNING HANDLER banners and retry lines (what the output names). */
  banners: boolean;
}

export const CASES_DIR = fileURLToPath(new URL('../../../../tests/conformance/cases', import.meta.url));

function strings(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new Error(`${what} must be a list of strings`);
  return v as string[];
}

export function loadCase(name: string): CaseSpec {
  const dir = join(CASES_DIR, name);
  const raw = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Record<string, unknown>;
  const playbook = resolve(dir, typeof raw.playbook === 'string' ? raw.playbook : 'playbook.yml');
  if (!existsSync(playbook)) throw new Error(`case ${name}: no ${playbook}`);
  return {
    name,
    dir,
    playbook,
    keywords: strings(raw.keywords, `${name}: keywords`),
    nodes: typeof raw.nodes === 'number' ? raw.nodes : 3,
    unreachable: raw.unreachable === true,
    groups: (raw.groups ?? {}) as Record<string, string[]>,
    args: strings(raw.args, `${name}: args`),
    kollaArgs: strings(raw.kollaArgs, `${name}: kollaArgs`),
    ansibleArgs: strings(raw.ansibleArgs, `${name}: ansibleArgs`),
    exit: typeof raw.exit === 'number' ? raw.exit : 0,
    local: raw.local === true,
    banners: raw.banners === true,
  };
}

/** Every case, by name; CONFORMANCE_CASES=a,b narrows the list (for work on a few). */
export function loadCases(filter = process.env.CONFORMANCE_CASES): CaseSpec[] {
  const wanted = filter ? new Set(filter.split(',').map((s) => s.trim())) : undefined;
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CASES_DIR, d.name, 'case.json')))
    .map((d) => d.name)
    .filter((n) => !wanted || wanted.has(n))
    .sort()
    .map(loadCase);
}
