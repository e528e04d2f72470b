/**
 * What the module tests share: a host (node1) and a folder unique to the
 * test file on it, removed afterwards; and the check that invalid
 * parameters are refused by the schema, naming the parameter, before any
 * host is touched.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import type { AnyTaskModule } from '../../../src/modules/contract.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

export interface Bench {
  host: ModuleHost;
  dir: string;
}

/** Registers before/after hooks; the returned object is filled in `before`. */
export function bench(module: string): Bench {
  const b = { dir: `/tmp/kr-mod-${module}-${randomBytes(4).toString('hex')}` } as Bench;
  before(async () => {
    b.host = await moduleHost(0);
    await b.host.sh(`mkdir -p ${b.dir}`);
  });
  after(async () => {
    await b.host.sh(`rm -rf ${b.dir}`);
    await b.host.close();
  });
  return b;
}

/** A run that fails on its arguments alone: the message names the parameter, and no host is needed. */
export async function assertRejected(host: ModuleHost, module: AnyTaskModule, args: Record<string, unknown>, parameter: string): Promise<void> {
  const outcome = await host.run(module, args);
  assert.equal(outcome.status, 'failed');
  assert.match(String(outcome.result.msg), new RegExp(`${module.name}: .*${parameter}`), String(outcome.result.msg));
  assert.equal(module.schema.safeParse(args).success, false);
}
