/**
 * Which tasks --tags / --skip-tags select, as Ansible decides: `always`
 * runs unless skipped by name, `never` only when asked for by name,
 * `tagged`/`untagged`/`all` select by kind; --skip-tags wins over --tags.
 */
export function taskSelected(taskTags: readonly string[], only: readonly string[], skip: readonly string[]): boolean {
  const tags = new Set(taskTags);
  const onlyAll = only.length === 0 || only.includes('all');
  if (skip.length > 0) {
    if (skip.includes('all') && !(tags.has('always') && !skip.includes('always'))) return false;
    if (skip.includes('tagged') && tags.size > 0 && !tags.has('always')) return false;
    if (skip.includes('untagged') && tags.size === 0) return false;
    if ([...tags].some((t) => skip.includes(t))) return false;
  }
  if (tags.has('always')) return true;
  if (tags.has('never') && ![...tags].some((t) => t !== 'never' && only.includes(t)) && !only.includes('never')) return false;
  if (onlyAll) return true;
  if (only.includes('tagged') && tags.size > 0) return true;
  if (only.includes('untagged') && tags.size === 0) return true;
  return [...tags].some((t) => only.includes(t));
}
