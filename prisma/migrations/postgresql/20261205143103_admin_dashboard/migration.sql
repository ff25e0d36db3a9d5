-- AlterTable
-- ("twoFactorRequired" came with the security_accounts migration.)
ALTER TABLE "User" ADD COLUMN     "emailKey" TEXT,
ADD COLUMN     "searchKey" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "DailyStat" (
    "day" TEXT NOT NULL,
    "uploads" INTEGER NOT NULL DEFAULT 0,
    "uploadBytes" BIGINT NOT NULL DEFAULT 0,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    "downloadBytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DailyStat_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE INDEX "Node_trashedAt_isFolder_idx" ON "Node"("trashedAt", "isFolder");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- Backfill: the search keys UserRepository keeps on every write
UPDATE "User" SET "searchKey" = lower("username" || chr(10) || "displayName"), "emailKey" = lower("email");
