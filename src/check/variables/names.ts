/**
 * Names every task can read without anyone defining them: Ansible 2.14's
 * magic variables (VariableManager._get_magic_variables and the host's own),
 * every ansible_* name (facts, connection and magic variables), and the
 * names the template module adds for a template file.
 */
import { TEMPLATE_GLOBALS } from '../../template/index.js';

const MAGIC = new Set([
  'hostvars', 'groups', 'group_names', 'inventory_hostname', 'inventory_hostname_short', 'inventory_dir', 'inventory_file',
  'playbook_dir', 'play_hosts', 'role_name', 'role_path', 'role_names', 'role_uuid', 'omit', 'vars', 'environment',
]);

/** What the template module defines while it renders a file (ansible.template.generate_ansible_template_vars). */
export const TEMPLATE_FILE_NAMES: ReadonlySet<string> = new Set([
  'template_host', 'template_path', 'template_mtime', 'template_uid', 'template_fullpath', 'template_destpath', 'template_run_date', 'ansible_managed',
]);

export function alwaysDefined(name: string): boolean {
  return name.startsWith('ansible_') || MAGIC.has(name) || TEMPLATE_GLOBALS.has(name);
}
