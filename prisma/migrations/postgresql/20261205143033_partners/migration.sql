-- CreateTable
CREATE TABLE "PartnerRequest" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "teamSpaceId" INTEGER NOT NULL,
    "requestedById" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "userId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Partner" (
    "userId" INTEGER NOT NULL,
    "company" TEXT NOT NULL,
    "teamSpaceId" INTEGER NOT NULL,
    "sponsorId" INTEGER,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "expiredAt" TIMESTAMP(3),
    "folderId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "PartnerRequest_state_idx" ON "PartnerRequest"("state");

-- CreateIndex
CREATE INDEX "PartnerRequest_teamSpaceId_idx" ON "PartnerRequest"("teamSpaceId");

-- CreateIndex
CREATE INDEX "Partner_expiresAt_idx" ON "Partner"("expiresAt");

-- CreateIndex
CREATE INDEX "Partner_teamSpaceId_idx" ON "Partner"("teamSpaceId");

-- AddForeignKey
ALTER TABLE "Partner" ADD CONSTRAINT "Partner_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
