-- CreateTable
CREATE TABLE "RateCounter" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateCounter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateCounter_expiresAt_idx" ON "RateCounter"("expiresAt");

-- Visitor uploads no longer hold a reservation in their space's reservedBytes (VisitorUploadService reserves them
-- against it instead, so they never block the owner): give back what those in progress held.
UPDATE "Space" SET "reservedBytes" = GREATEST(0, "reservedBytes" - (SELECT COALESCE(SUM("size"), 0) FROM "Upload" WHERE "Upload"."spaceId" = "Space"."id" AND "Upload"."shareLinkId" IS NOT NULL));
