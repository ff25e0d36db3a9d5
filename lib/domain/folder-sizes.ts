/** A node as the folder-size check needs it. `live`: neither trashed nor a hidden (unfinished) copy. */
export interface SizedNode {
  id: number;
  parentId: number | null;
  isFolder: boolean;
  size: number;
  live: boolean;
}

/**
 * Live folders whose recorded size is not the bytes of the live files below them (a folder's size is its live
 * subtree's bytes; a trashed or hidden child counts for nothing). Only folders reachable from a root through live
 * folders are checked: a trashed subtree keeps the size it had when it was deleted.
 */
export function folderSizeMismatches(nodes: SizedNode[]): { id: number; recorded: number; actual: number }[] {
  const children = new Map<number, SizedNode[]>();
  for (const n of nodes) if (n.parentId !== null && n.live) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const actual = new Map<number, number>();
  const mismatches: { id: number; recorded: number; actual: number }[] = [];
  // Iterative post-order from each live root: a folder is summed once all its folder children are.
  const stack: { node: SizedNode; expanded: boolean }[] = nodes.filter((n) => n.parentId === null && n.live && n.isFolder).map((node) => ({ node, expanded: false }));
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    const kids = children.get(top.node.id) ?? [];
    if (!top.expanded) {
      top.expanded = true;
      for (const k of kids) if (k.isFolder) stack.push({ node: k, expanded: false });
      continue;
    }
    stack.pop();
    const sum = kids.reduce((total, k) => total + (k.isFolder ? actual.get(k.id)! : k.size), 0);
    actual.set(top.node.id, sum);
    if (sum !== top.node.size) mismatches.push({ id: top.node.id, recorded: top.node.size, actual: sum });
  }
  return mismatches.sort((a, b) => a.id - b.id);
}
