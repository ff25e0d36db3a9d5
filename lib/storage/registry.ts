import "server-only";
import path from "node:path";
import type { PolicyRecord } from "@/lib/domain/types";
import type { StorageDriver } from "./driver";
import { LocalDriver } from "./local.driver";

/** Hands out one driver per storage policy. */
export class StorageRegistry {
  private readonly drivers = new Map<number, StorageDriver>();

  constructor(private readonly dataDir: string) {}

  driverFor(policy: PolicyRecord): StorageDriver {
    let driver = this.drivers.get(policy.id);
    if (!driver) {
      driver = this.create(policy);
      this.drivers.set(policy.id, driver);
    }
    return driver;
  }

  /** A fresh, uncached driver for settings in their stored form that may not be saved yet (connection tests). */
  driverForSettings(kind: PolicyRecord["kind"], config: Record<string, unknown>): StorageDriver {
    return this.create({ kind, config });
  }

  /** Drops a policy's cached driver after its settings changed or it was deleted. */
  forget(policyId: number): void {
    this.drivers.delete(policyId);
  }

  /** Account pictures: a small local store under DATA_DIR/avatars, keyed by content hash. */
  avatars(): StorageDriver {
    return (this.avatarDriver ??= new LocalDriver(path.join(this.dataDir, "avatars")));
  }

  private avatarDriver: StorageDriver | undefined;

  private create(policy: Pick<PolicyRecord, "kind" | "config">): StorageDriver {
    switch (policy.kind) {
      case "local": {
        const root = typeof policy.config.root === "string" ? policy.config.root : path.join(this.dataDir, "blobs");
        return new LocalDriver(root);
      }
      case "s3":
        throw new Error("S3 storage policies are not available yet.");
    }
  }
}
