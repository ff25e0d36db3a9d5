import "server-only";
import type { NodeRecord } from "@/lib/domain/types";

/**
 * Called after a transaction that gave a file a new current version has committed (an upload, a restored version).
 * Listeners enqueue follow-up work (the search index; thumbnails); lib/container.ts subscribes them. They run after
 * the commit, so a failing listener never undoes the version: its error is dropped (the backfills catch up).
 */
export type VersionCommittedListener = (node: NodeRecord) => Promise<void>;

export async function notifyVersionCommitted(listeners: readonly VersionCommittedListener[], node: NodeRecord): Promise<void> {
  for (const listener of listeners) await listener(node).catch(() => undefined);
}
