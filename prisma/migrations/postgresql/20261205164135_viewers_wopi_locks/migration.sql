-- CreateTable
CREATE TABLE "WopiLock" (
    "nodeId" INTEGER NOT NULL,
    "lockId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WopiLock_pkey" PRIMARY KEY ("nodeId")
);

-- CreateIndex
CREATE INDEX "WopiLock_expiresAt_idx" ON "WopiLock"("expiresAt");
