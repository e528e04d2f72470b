/**
 * Which tasks --tags / --skip-tags select, as Ansible's
 * Taggable.evaluate_tags decides, rule for rule: a task without tags counts
 * as tagged `untagged`; no --tags is `all`; `always` runs unless --skip-tags
 * names it or all; `never` runs only when --tags names one of its tags;
 * --skip-tags tagged skips every task with tags, `always` ones too.
 * tests/unit/executor/tags-oracle.test.ts compares with Ansible itself.
 */
const UNTAGGED = 'untagged';

export function taskSelected(taskTags: readonly string[], only: readonly string[], skip: readonly string[]): boolean {
  const tags = new Set(taskTags.length > 0 ? taskTags : [UNTAGGED]);
  // A task tagged `untagged` and nothing else is one without tags (Ansible compares the sets).
  const untagged = tags.size === 1 && tags.has(UNTAGGED);
  const wanted = only.length > 0 ? only : ['all'];
  const named = (list: readonly string[]): boolean => list.some((t) => tags.has(t));
  const selected = tags.has('always') || (wanted.includes('all') && !tags.has('never')) || named(wanted) || (wanted.includes('tagged') && !untagged && !tags.has('never'));
  if (!selected || skip.length === 0) return selected;
  if (skip.includes('all')) return tags.has('always') && !skip.includes('always');
  if (named(skip)) return false;
  return !(skip.includes('tagged') && !untagged);
}
