-- CreateTable
CREATE TABLE "ViewerStream" (
    "key" TEXT NOT NULL,
    "linkId" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "counted" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ViewerStream_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ViewerStream_expiresAt_idx" ON "ViewerStream"("expiresAt");
