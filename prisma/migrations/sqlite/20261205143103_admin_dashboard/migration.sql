-- CreateTable
CREATE TABLE "DailyStat" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "uploads" INTEGER NOT NULL DEFAULT 0,
    "uploadBytes" BIGINT NOT NULL DEFAULT 0,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    "downloadBytes" BIGINT NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'user',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastLoginAt" DATETIME,
    "twoFactorRequired" BOOLEAN NOT NULL DEFAULT false,
    "searchKey" TEXT NOT NULL DEFAULT '',
    "emailKey" TEXT
);
INSERT INTO "new_User" ("createdAt", "disabled", "displayName", "email", "id", "lastLoginAt", "locale", "mustChangePassword", "passwordHash", "role", "updatedAt", "username") SELECT "createdAt", "disabled", "displayName", "email", "id", "lastLoginAt", "locale", "mustChangePassword", "passwordHash", "role", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE INDEX "User_email_idx" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Node_trashedAt_isFolder_idx" ON "Node"("trashedAt", "isFolder");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- Backfill: the search keys UserRepository keeps on every write
UPDATE "User" SET "searchKey" = lower("username" || char(10) || "displayName"), "emailKey" = lower("email");
