-- Written by hand (scripts/new-migration.sh cannot express it): the search indexes, outside Prisma's schema language.
-- Names: a pg_trgm GIN index over "Node"."name" serves ILIKE '%…%' (substring match, any case).
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Node_name_trgm_idx" ON "Node" USING gin ("name" gin_trgm_ops);

-- Contents: a tsvector of "indexText" (words and CJK bigrams prepared by lib/domain/search-text.ts) with the 'simple'
-- configuration (no stemming, no stop words), kept by PostgreSQL itself, and its GIN index.
ALTER TABLE "SearchContent" ADD COLUMN "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "indexText")) STORED;
CREATE INDEX "SearchContent_tsv_idx" ON "SearchContent" USING gin ("tsv");
