/**
 * Ansible's boolean() (module_utils/parsing/convert_bool, not strict): the
 * one reading of a keyword, flag or option as true or false. yes, on, true,
 * 1, y and t in any case and with spaces around are true, as are 1 and
 * true; anything else is false. (The `bool` filter and set_fact read words
 * their own ways: template/filters/core.ts, executor/engine-actions.ts.)
 */
export function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return ['yes', 'on', '1', 'true', 'y', 't'].includes(value.trim().toLowerCase());
  return false;
}
