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

/** Limits that keep one node's properties bounded. */
const MAX_VALUE_BYTES = 64 * 1024;
const MAX_NAME_BYTES = 1024;

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

  /** Applies the changes in order, all or nothing (a failing one throws and nothing is kept). Needs write rights. */
  async patch(actor: Actor, nodeId: number, changes: PropertyChange[]): Promise<void> {
    for (const c of changes) {
      if (Buffer.byteLength(c.namespace) + Buffer.byteLength(c.name) > MAX_NAME_BYTES) throw new DomainError("INVALID_INPUT", "That property name is too long.");
      if (c.op === "set" && Buffer.byteLength(c.value) > MAX_VALUE_BYTES) throw new DomainError("TOO_LARGE", `A property value may be at most ${MAX_VALUE_BYTES} bytes.`);
    }
    await this.uow.transaction(async (repos) => {
      const { node } = await this.access.requireNode(actor, nodeId, "write", repos);
      for (const c of changes) {
        if (c.op === "set") await repos.deadProperties.upsert({ nodeId: node.id, namespace: c.namespace, name: c.name, value: c.value });
        else await repos.deadProperties.remove(node.id, c.namespace, c.name);
      }
    });
  }
}
