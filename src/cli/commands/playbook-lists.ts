/** --list-hosts, --list-tasks, --list-tags: what a run would touch, in ansible-playbook's layout. */
import { selectHosts, type Inventory } from '../../inventory/index.js';
import { taskSelected } from '../../executor/tags.js';
import { playName } from '../../executor/play-runner.js';
import type { Node, Playbook } from '../../playbook/index.js';
import { playMainBlocks } from '../../playbook/index.js';

export interface ListOptions {
  hosts: boolean;
  tasks: boolean;
  tags: boolean;
  limit?: readonly string[] | undefined;
  onlyTags: readonly string[];
  skipTags: readonly string[];
}

function walk(nodes: readonly Node[], inherited: readonly string[], out: Array<{ name: string; tags: string[] }>): void {
  for (const node of nodes) {
    const tags = [...inherited, ...(node.keywords.tags ?? [])];
    if (node.kind === 'task') {
      if (node.action === 'meta') continue;
      const base = node.name ?? node.written;
      out.push({ name: node.role ? `${node.role.name} : ${base}` : base, tags });
    } else walk([...node.block, ...node.rescue, ...node.always], tags, out);
  }
}

export function listPlaybook(playbooks: readonly Playbook[], inventory: Inventory, opts: ListOptions): string[] {
  const lines: string[] = [];
  for (const pb of playbooks) {
    lines.push('', `playbook: ${pb.file}`);
    pb.plays.forEach((play, i) => {
      const playTags = play.keywords.tags ?? [];
      // Ansible joins a Python set of the play's tags with ',' (its order varies from run to run; ours is as written).
      lines.push('', `  play #${i + 1} (${play.hosts.join(',')}): ${playName(play)}\tTAGS: [${[...new Set(playTags)].join(',')}]`);
      if (opts.hosts) {
        const { hosts } = selectHosts(inventory, play.hosts, opts.limit);
        lines.push(`    pattern: ${JSON.stringify(play.hosts)}`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
      }
      const tasks: Array<{ name: string; tags: string[] }> = [];
      walk([...play.pre_tasks, ...playMainBlocks(play), ...play.post_tasks], playTags, tasks);
      const selected = tasks.filter((t) => taskSelected(t.tags, opts.onlyTags, opts.skipTags));
      if (opts.tasks) {
        lines.push('    tasks:');
        for (const t of selected) lines.push(`      ${t.name}\tTAGS: [${[...new Set(t.tags)].sort().join(', ')}]`);
      }
      if (opts.tags) {
        const all = [...new Set(selected.flatMap((t) => t.tags))].sort();
        lines.push(`      TASK TAGS: [${all.join(', ')}]`);
      }
    });
  }
  return lines;
}

/**
 * Whether --start-at-task NAME names a task (bare or "role : name"). Only
 * tasks known before the run count, as in Ansible: a task inside
 * include_tasks or include_role comes only when the include runs, and the
 * include itself is skipped while the run looks for its start.
 */
export function startTaskKnown(playbooks: readonly Playbook[], name: string): boolean {
  const visit = (nodes: readonly Node[]): boolean =>
    nodes.some((node) => {
      if (node.kind !== 'task') return visit([...node.block, ...node.rescue, ...node.always]);
      return node.name === name || (node.role !== undefined && node.name !== undefined && `${node.role.name} : ${node.name}` === name);
    });
  return playbooks.some((pb) => pb.plays.some((play) => visit([...play.pre_tasks, ...playMainBlocks(play), ...play.post_tasks])));
}
