/** An S3 storage policy row for a benchmark, its secret sealed the way the storage registry opens it. */
import type { Services } from "@/lib/container";
import type { PolicyRecord } from "@/lib/domain/types";
import { sealS3Config, type S3DriverConfig } from "@/lib/storage/s3-config";

export async function createS3Policy(services: Services, name: string, settings: Omit<S3DriverConfig, "redirectDownloads">): Promise<PolicyRecord> {
  const config = sealS3Config({ ...settings, redirectDownloads: false }, services.storageSecrets);
  return services.uow.repos.spaces.createPolicy({ name, kind: "s3", config, isDefault: false });
}
