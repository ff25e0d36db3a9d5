-- CreateTable
CREATE TABLE "LoginFlow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "loginTokenHash" TEXT NOT NULL,
    "pollTokenHash" TEXT,
    "clientName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "grantedAt" DATETIME,
    "userId" INTEGER,
    "loginName" TEXT,
    "sealedPassword" TEXT,
    "consumedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "LoginFlow_loginTokenHash_key" ON "LoginFlow"("loginTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "LoginFlow_pollTokenHash_key" ON "LoginFlow"("pollTokenHash");

-- CreateIndex
CREATE INDEX "LoginFlow_expiresAt_idx" ON "LoginFlow"("expiresAt");
