/** An S3 storage policy row for a benchmark, its secret sealed the way the storage registry opens it. */
import type { Services } from "@/lib/container";
import { SecretBox, secretKeyMaterial } from "@/lib/crypto/secret-box";
import type { PolicyRecord } from "@/lib/domain/types";
import { sealS3Config, STORAGE_SECRET_PURPOSE, type S3DriverConfig } from "@/lib/storage/s3-config";

export async function createS3Policy(services: Services, name: string, settings: Omit<S3DriverConfig, "redirectDownloads">): Promise<PolicyRecord> {
  process.env.HAVEN_SECRET_KEY ||= "bench-secret-key-material";
  const box = new SecretBox(() => secretKeyMaterial(), STORAGE_SECRET_PURPOSE);
  const config = sealS3Config({ ...settings, redirectDownloads: false }, box);
  return services.uow.repos.spaces.createPolicy({ name, kind: "s3", config, isDefault: false });
}
