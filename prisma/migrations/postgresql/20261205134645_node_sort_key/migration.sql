-- AlterTable (COLLATE "C" added by hand: keys compare byte-wise, as SQLite's BINARY collation does, so both
-- databases order and page alike). Existing rows get '' here; FileService.backfillSortKeys computes their keys at start.
ALTER TABLE "Node" ADD COLUMN     "sortKey" TEXT COLLATE "C" NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Node_parentId_sortKey_idx" ON "Node"("parentId", "sortKey");
