-- AlterTable
ALTER TABLE "Blob" ADD COLUMN "keepUntil" DATETIME;

-- CreateTable
CREATE TABLE "PolicyMigration" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "spaceId" INTEGER NOT NULL,
    "targetPolicyId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "plannedBlobs" INTEGER NOT NULL DEFAULT 0,
    "plannedBytes" BIGINT NOT NULL DEFAULT 0,
    "copiedBlobs" INTEGER NOT NULL DEFAULT 0,
    "copiedBytes" BIGINT NOT NULL DEFAULT 0,
    "reusedBlobs" INTEGER NOT NULL DEFAULT 0,
    "versionsMoved" INTEGER NOT NULL DEFAULT 0,
    "failures" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ConsistencyRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "repair" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'running',
    "report" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "PolicyMigration_spaceId_idx" ON "PolicyMigration"("spaceId");
