import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { DeadPropertyRecord } from "@/lib/repositories/dead-property.repository";
import type { AccessService } from "./access.service";
import type { NodeEntry } from "./file.service";

export interface PropertyName {
  namespace: string;
  name: string;
}

export type PropertyChange = (PropertyName & { op: "set"; value: string }) | (PropertyName & { op: "remove" });

/** Limits that keep one node's properties bounded (clients set a handful: Windows its Win32 times, Office a few). */
export const MAX_VALUE_BYTES = 64 * 1024;
const MAX_NAME_BYTES = 1024;
export const MAX_PROPERTIES_PER_NODE = 200;
/** What one node's properties may hold together: namespaces, names and values, in UTF-8 bytes. */
export const MAX_PROPERTY_BYTES_PER_NODE = 1024 * 1024;

/**
 * Dead properties (WebDAV PROPPATCH): any namespace, any Unicode value, stored per node, moving with it and
 * copied with it. Values are opaque XML text to this service.
 */
export class PropertyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
  ) {}

  /** Properties of entries the actor already holds (from FileService), keyed by node id. */
  async propertiesOf(entries: NodeEntry[]): Promise<Map<number, DeadPropertyRecord[]>> {
    const ids = entries.filter((e) => e.rights.read).map((e) => e.node.id);
    const byNode = new Map<number, DeadPropertyRecord[]>(ids.map((id) => [id, []]));
    for (const row of await this.uow.repos.deadProperties.listFor(ids)) byNode.get(row.nodeId)?.push(row);
    return byNode;
  }

  /**
   * Applies the changes in order, all or nothing (a failing one throws and nothing is kept). Needs write rights.
   * TOO_LARGE (with `details.property`) for one oversized value; QUOTA_EXCEEDED when the node would hold more
   * properties or bytes than allowed (a change that shrinks the node is always allowed).
   */
  async patch(actor: Actor, nodeId: number, changes: PropertyChange[]): Promise<void> {
    for (const c of changes) {
      if (Buffer.byteLength(c.namespace) + Buffer.byteLength(c.name) > MAX_NAME_BYTES) throw new DomainError("INVALID_INPUT", "That property name is too long.");
      if (c.op === "set" && Buffer.byteLength(c.value) > MAX_VALUE_BYTES) {
        throw new DomainError("TOO_LARGE", `A property value may be at most ${MAX_VALUE_BYTES} bytes.`, { property: { namespace: c.namespace, name: c.name } });
      }
    }
    await this.uow.transaction(async (repos) => {
      const { node } = await this.access.requireNode(actor, nodeId, "write", repos);
      // One writer per space at a time, so two patches cannot both pass the limits.
      await repos.spaces.lock(node.spaceId);
      assertWithinLimits(await repos.deadProperties.listFor([node.id]), changes);
      for (const c of changes) {
        if (c.op === "set") await repos.deadProperties.upsert({ nodeId: node.id, namespace: c.namespace, name: c.name, value: c.value });
        else await repos.deadProperties.remove(node.id, c.namespace, c.name);
      }
    });
  }
}

/** Throws QUOTA_EXCEEDED when applying `changes` to `current` grows the node past a limit. */
function assertWithinLimits(current: DeadPropertyRecord[], changes: PropertyChange[]): void {
  const key = (p: PropertyName) => `${p.namespace}\n${p.name}`;
  const bytesOf = (p: PropertyName & { value: string }) => Buffer.byteLength(p.namespace) + Buffer.byteLength(p.name) + Buffer.byteLength(p.value);
  const sizes = new Map(current.map((p) => [key(p), bytesOf(p)]));
  const total = () => [...sizes.values()].reduce((a, b) => a + b, 0);
  const before = { count: sizes.size, bytes: total() };
  for (const c of changes) {
    if (c.op === "set") sizes.set(key(c), bytesOf(c));
    else sizes.delete(key(c));
  }
  if (sizes.size > MAX_PROPERTIES_PER_NODE && sizes.size > before.count) {
    throw new DomainError("QUOTA_EXCEEDED", `An item may hold at most ${MAX_PROPERTIES_PER_NODE} properties.`);
  }
  const bytes = total();
  if (bytes > MAX_PROPERTY_BYTES_PER_NODE && bytes > before.bytes) {
    throw new DomainError("QUOTA_EXCEEDED", `The properties of an item may hold at most ${MAX_PROPERTY_BYTES_PER_NODE} bytes together.`);
  }
}
