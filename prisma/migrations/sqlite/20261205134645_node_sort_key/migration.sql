-- Hand-written (Prisma proposed redefining the whole Node table): adding a column with a default is enough.
-- Existing rows get '' here; FileService.backfillSortKeys computes their keys at start (lib/domain/sort-key.ts).
ALTER TABLE "Node" ADD COLUMN "sortKey" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Node_parentId_sortKey_idx" ON "Node"("parentId", "sortKey");
