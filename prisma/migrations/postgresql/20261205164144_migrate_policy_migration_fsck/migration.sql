-- AlterTable
ALTER TABLE "Blob" ADD COLUMN     "keepUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PolicyMigration" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PolicyMigration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsistencyRun" (
    "id" SERIAL NOT NULL,
    "repair" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'running',
    "report" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ConsistencyRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyMigration_spaceId_idx" ON "PolicyMigration"("spaceId");
