-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Space" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerId" INTEGER,
    "quota" BIGINT,
    "usedBytes" BIGINT NOT NULL DEFAULT 0,
    "reservedBytes" BIGINT NOT NULL DEFAULT 0,
    "policyId" INTEGER NOT NULL,
    "rootNodeId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "Space_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "StoragePolicy" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Space" ("createdAt", "id", "kind", "name", "ownerId", "policyId", "quota", "reservedBytes", "rootNodeId", "usedBytes") SELECT "createdAt", "id", "kind", "name", "ownerId", "policyId", "quota", "reservedBytes", "rootNodeId", "usedBytes" FROM "Space";
DROP TABLE "Space";
ALTER TABLE "new_Space" RENAME TO "Space";
CREATE UNIQUE INDEX "Space_rootNodeId_key" ON "Space"("rootNodeId");
CREATE INDEX "Space_ownerId_kind_idx" ON "Space"("ownerId", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
