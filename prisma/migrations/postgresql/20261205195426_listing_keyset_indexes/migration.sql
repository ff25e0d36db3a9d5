-- CreateIndex
CREATE INDEX "Node_parentId_isFolder_sortKey_name_id_idx" ON "Node"("parentId", "isFolder", "sortKey", "name", "id");

-- CreateIndex
CREATE INDEX "Node_parentId_isFolder_size_id_idx" ON "Node"("parentId", "isFolder", "size", "id");

-- CreateIndex
CREATE INDEX "Node_parentId_isFolder_mtime_id_idx" ON "Node"("parentId", "isFolder", "mtime", "id");
