-- CreateTable
CREATE TABLE "SearchContent" (
    "nodeId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "indexText" TEXT NOT NULL,
    "indexedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchContent_pkey" PRIMARY KEY ("nodeId")
);

-- AddForeignKey
ALTER TABLE "SearchContent" ADD CONSTRAINT "SearchContent_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
