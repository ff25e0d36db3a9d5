-- CreateTable
CREATE TABLE "LoginFlow" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "loginTokenHash" TEXT NOT NULL,
    "pollTokenHash" TEXT,
    "clientName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "grantedAt" TIMESTAMP(3),
    "userId" INTEGER,
    "loginName" TEXT,
    "sealedPassword" TEXT,
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "LoginFlow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LoginFlow_loginTokenHash_key" ON "LoginFlow"("loginTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "LoginFlow_pollTokenHash_key" ON "LoginFlow"("pollTokenHash");

-- CreateIndex
CREATE INDEX "LoginFlow_expiresAt_idx" ON "LoginFlow"("expiresAt");
