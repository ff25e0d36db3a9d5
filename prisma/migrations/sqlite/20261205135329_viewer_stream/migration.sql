-- CreateTable
CREATE TABLE "ViewerStream" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "linkId" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "counted" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ViewerStream_expiresAt_idx" ON "ViewerStream"("expiresAt");
