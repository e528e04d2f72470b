import { Templar } from '../../../src/template/index.js';

export const templar = new Templar();

/** Renders template-module style text (trim_blocks) with plain vars. */
export function r(src: string, vars: Record<string, unknown> = {}): string {
  return templar.renderText(src, vars, '/virtual/test.j2');
}
