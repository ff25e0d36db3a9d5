-- Written by hand (scripts/new-migration.sh cannot express it): the search indexes, outside Prisma's schema language.
-- Names: an FTS5 trigram index over "Node"."name" (substring match, any case), kept by triggers. External content:
-- the names live in "Node" only. AFTER UPDATE OF "name" fires only for statements that set the name, so ETag and
-- size updates of ancestors cost nothing here.
CREATE VIRTUAL TABLE "NodeNameFts" USING fts5("name", content='Node', content_rowid='id', tokenize='trigram');
INSERT INTO "NodeNameFts"("NodeNameFts") VALUES ('rebuild');
CREATE TRIGGER "Node_nameFts_insert" AFTER INSERT ON "Node" BEGIN
  INSERT INTO "NodeNameFts"(rowid, "name") VALUES (new."id", new."name");
END;
CREATE TRIGGER "Node_nameFts_delete" AFTER DELETE ON "Node" BEGIN
  INSERT INTO "NodeNameFts"("NodeNameFts", rowid, "name") VALUES ('delete', old."id", old."name");
END;
CREATE TRIGGER "Node_nameFts_update" AFTER UPDATE OF "name" ON "Node" BEGIN
  INSERT INTO "NodeNameFts"("NodeNameFts", rowid, "name") VALUES ('delete', old."id", old."name");
  INSERT INTO "NodeNameFts"(rowid, "name") VALUES (new."id", new."name");
END;

-- Contents: FTS5 over "SearchContent"."indexText" (words and CJK bigrams prepared by lib/domain/search-text.ts).
CREATE VIRTUAL TABLE "SearchContentFts" USING fts5("indexText", content='SearchContent', content_rowid='nodeId', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER "SearchContent_fts_insert" AFTER INSERT ON "SearchContent" BEGIN
  INSERT INTO "SearchContentFts"(rowid, "indexText") VALUES (new."nodeId", new."indexText");
END;
CREATE TRIGGER "SearchContent_fts_delete" AFTER DELETE ON "SearchContent" BEGIN
  INSERT INTO "SearchContentFts"("SearchContentFts", rowid, "indexText") VALUES ('delete', old."nodeId", old."indexText");
END;
CREATE TRIGGER "SearchContent_fts_update" AFTER UPDATE ON "SearchContent" BEGIN
  INSERT INTO "SearchContentFts"("SearchContentFts", rowid, "indexText") VALUES ('delete', old."nodeId", old."indexText");
  INSERT INTO "SearchContentFts"(rowid, "indexText") VALUES (new."nodeId", new."indexText");
END;
