/** The inventory error corpus (tests/fixtures/inventory/_errors): each broken inventory and what kolla-run must say of it. */
import { join } from 'node:path';
import { FIXTURES } from './oracle.js';

export const DIR = join(FIXTURES, '_errors');

export interface ErrorCase {
  source: string;
  /** The file named in the error, when not the source itself. */
  file?: string;
  line?: number;
  col?: number;
  reason: RegExp;
}

export const cases: ErrorCase[] = [
  { source: 'child-never-defined.ini', line: 6, col: 3, reason: /group "never" is listed in \[g:children\] but never defined/ },
  { source: 'bad-range.ini', line: 3, col: 1, reason: /invalid number "x" in host range/ },
  { source: 'range-width.ini', line: 2, col: 1, reason: /equal-length begin and end/ },
  { source: 'unterminated-quote.ini', line: 3, col: 1, reason: /unterminated quote/ },
  { source: 'bad-yaml.yml', line: 5, reason: /YAML syntax error/ },
  { source: 'vars-unknown-group.ini', line: 4, col: 1, reason: /\[nope:vars\].*not defined/ },
  { source: 'bad-suffix.ini', line: 5, col: 1, reason: /unknown type "kids"/ },
  { source: 'bad-section.ini', line: 2, col: 1, reason: /invalid section header \[bad name\]/ },
  { source: 'host-var-without-equals.ini', line: 2, col: 8, reason: /expected key=value after the host name, got "oops"/ },
  { source: 'group-var-without-equals.ini', line: 5, col: 1, reason: /expected key=value in \[g:vars\], got "justaword"/ },
  { source: 'yaml-hosts-list.yml', line: 5, col: 9, reason: /"hosts" of group "g" must be a mapping, found a list/ },
  { source: 'yaml-host-vars-scalar.yml', line: 3, col: 9, reason: /vars of host "h1" must be a mapping, found a number/ },
  { source: 'group-cycle.ini', line: 4, col: 1, reason: /makes a loop/ },
  { source: 'host-trailing-colon.ini', line: 2, col: 1, reason: /trailing ":" must be followed by a port/ },
  { source: 'plugin-config.yml', line: 1, reason: /inventory plugin configurations are not supported/ },
  { source: 'bad-group-vars/hosts', file: 'bad-group-vars/group_vars/g.yml', line: 1, col: 1, reason: /must hold a mapping/ },
];
