-- CreateTable
CREATE TABLE "WopiLock" (
    "nodeId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lockId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "WopiLock_expiresAt_idx" ON "WopiLock"("expiresAt");
