import assert from 'node:assert/strict';
import { InputError } from '../../../src/errors.js';
import { Templar } from '../../../src/template/index.js';

export const templar = new Templar();

/** Renders template-module style text (trim_blocks) with plain vars. */
export function r(src: string, vars: Record<string, unknown> = {}): string {
  return templar.renderText(src, vars, '/virtual/test.j2');
}

/** The InputError `fn` throws: a template mistake must reach the user as one, never as a bare exception. */
export function assertInputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}
