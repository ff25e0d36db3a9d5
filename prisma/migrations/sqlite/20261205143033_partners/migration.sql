-- CreateTable
CREATE TABLE "PartnerRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "teamSpaceId" INTEGER NOT NULL,
    "requestedById" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" INTEGER,
    "decidedAt" DATETIME,
    "decisionReason" TEXT,
    "userId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Partner" (
    "userId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "company" TEXT NOT NULL,
    "teamSpaceId" INTEGER NOT NULL,
    "sponsorId" INTEGER,
    "expiresAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,
    "expiredAt" DATETIME,
    "folderId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Partner_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PartnerRequest_state_idx" ON "PartnerRequest"("state");

-- CreateIndex
CREATE INDEX "PartnerRequest_teamSpaceId_idx" ON "PartnerRequest"("teamSpaceId");

-- CreateIndex
CREATE INDEX "Partner_expiresAt_idx" ON "Partner"("expiresAt");

-- CreateIndex
CREATE INDEX "Partner_teamSpaceId_idx" ON "Partner"("teamSpaceId");
