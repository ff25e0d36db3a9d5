import "server-only";
import path from "node:path";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { PolicyRecord } from "@/lib/domain/types";
import type { StorageDriver } from "./driver";
import { LocalDriver } from "./local.driver";
import { openS3Config, type S3DriverConfig } from "./s3-config";
import { S3Driver } from "./s3.driver";

/**
 * A driver for settings that need not be saved yet (the policy service's "test connection"): a local root, or
 * opened S3 settings (the secret in clear).
 */
export function createStorageDriver(kind: "local", config: { root: string }): StorageDriver;
export function createStorageDriver(kind: "s3", config: S3DriverConfig): StorageDriver;
export function createStorageDriver(kind: "local" | "s3", config: { root: string } | S3DriverConfig): StorageDriver {
  return kind === "local" ? new LocalDriver((config as { root: string }).root) : new S3Driver(config as S3DriverConfig);
}

/**
 * Hands out one driver per storage policy, built from the policy's stored config (an S3 secret opened with the
 * storage SecretBox). Drivers are cached by policy id and config: a policy edited on any instance is seen with its
 * next read from the database, and the next request gets a driver with the new settings.
 */
export class StorageRegistry {
  private readonly drivers = new Map<number, { fingerprint: string; driver: StorageDriver }>();
  private avatarDriver: StorageDriver | undefined;

  constructor(
    private readonly dataDir: string,
    /** opens stored S3 secrets (purpose STORAGE_SECRET_PURPOSE) */
    private readonly secrets: SecretBox,
  ) {}

  driverFor(policy: PolicyRecord): StorageDriver {
    const fingerprint = `${policy.kind}:${JSON.stringify(policy.config)}`;
    const cached = this.drivers.get(policy.id);
    if (cached?.fingerprint === fingerprint) return cached.driver;
    const driver = this.create(policy);
    this.drivers.set(policy.id, { fingerprint, driver });
    return driver;
  }

  /** Account pictures: a small local store under DATA_DIR/avatars, keyed by content hash. */
  avatars(): StorageDriver {
    return (this.avatarDriver ??= new LocalDriver(path.join(this.dataDir, "avatars")));
  }

  private create(policy: PolicyRecord): StorageDriver {
    switch (policy.kind) {
      case "local":
        return createStorageDriver("local", { root: typeof policy.config.root === "string" ? policy.config.root : path.join(this.dataDir, "blobs") });
      case "s3":
        return createStorageDriver("s3", openS3Config(policy.config, this.secrets));
    }
  }
}
