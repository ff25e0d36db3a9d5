import "server-only";
import type { NodeRecord } from "@/lib/domain/types";

/**
 * Called after a transaction that gave a file a new current version has committed (an upload, a restored version).
 * Listeners enqueue follow-up work (the search index; thumbnails); lib/container.ts subscribes them. They run after
 * the commit, so a failing listener never undoes the version: its error is dropped (the backfills catch up).
 */
export type VersionCommittedListener = (nodes: NodeRecord[]) => Promise<void>;

/** Tells the listeners of one or many files (a copied folder's, at once: they may batch their work). */
export async function notifyVersionCommitted(listeners: readonly VersionCommittedListener[], committed: NodeRecord | NodeRecord[]): Promise<void> {
  const nodes = Array.isArray(committed) ? committed : [committed];
  if (nodes.length === 0) return;
  for (const listener of listeners) await listener(nodes).catch(() => undefined);
}
