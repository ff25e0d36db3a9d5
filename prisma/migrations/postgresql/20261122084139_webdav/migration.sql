-- CreateTable
CREATE TABLE "AppPassword" (
    "id" SERIAL NOT NULL,
    "publicId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "scopeNodeId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AppPassword_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadProperty" (
    "nodeId" INTEGER NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "DeadProperty_pkey" PRIMARY KEY ("nodeId","namespace","name")
);

-- CreateTable
CREATE TABLE "DavLock" (
    "token" TEXT NOT NULL,
    "spaceId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "deep" BOOLEAN NOT NULL DEFAULT false,
    "owner" TEXT,
    "userId" INTEGER NOT NULL,
    "timeoutSeconds" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DavLock_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE UNIQUE INDEX "AppPassword_publicId_key" ON "AppPassword"("publicId");

-- CreateIndex
CREATE INDEX "AppPassword_userId_idx" ON "AppPassword"("userId");

-- CreateIndex
CREATE INDEX "DavLock_spaceId_path_idx" ON "DavLock"("spaceId", "path");

-- CreateIndex
CREATE INDEX "DavLock_expiresAt_idx" ON "DavLock"("expiresAt");

-- AddForeignKey
ALTER TABLE "AppPassword" ADD CONSTRAINT "AppPassword_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadProperty" ADD CONSTRAINT "DeadProperty_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
