import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";

/**
 * Favourites, tags, comments and recent files belong to an account: a public-link visitor has none, and a read-only
 * credential may read them but not change them.
 */
export function requireAccount(actor: Actor, opts: { change: boolean }): void {
  if (actor.link) throw new DomainError("FORBIDDEN", "Sign in to use favourites, tags and comments.");
  if (opts.change && actor.readOnly) throw new DomainError("FORBIDDEN", "This credential is read-only.");
}
