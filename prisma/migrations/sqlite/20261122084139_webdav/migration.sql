-- CreateTable
CREATE TABLE "AppPassword" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "publicId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "scopeNodeId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "AppPassword_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeadProperty" (
    "nodeId" INTEGER NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    PRIMARY KEY ("nodeId", "namespace", "name"),
    CONSTRAINT "DeadProperty_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DavLock" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "spaceId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "deep" BOOLEAN NOT NULL DEFAULT false,
    "owner" TEXT,
    "userId" INTEGER NOT NULL,
    "timeoutSeconds" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "AppPassword_publicId_key" ON "AppPassword"("publicId");

-- CreateIndex
CREATE INDEX "AppPassword_userId_idx" ON "AppPassword"("userId");

-- CreateIndex
CREATE INDEX "DavLock_spaceId_path_idx" ON "DavLock"("spaceId", "path");

-- CreateIndex
CREATE INDEX "DavLock_expiresAt_idx" ON "DavLock"("expiresAt");
