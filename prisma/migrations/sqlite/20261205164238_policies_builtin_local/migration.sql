-- The built-in local storage policy is named "local" (the admin CLI and docs refer to it by that name).
-- Installs made before were seeded with "Local disk": rename it, unless an admin already made a policy named "local".
UPDATE "StoragePolicy" SET "name" = 'local'
WHERE "name" = 'Local disk' AND "kind" = 'local'
  AND NOT EXISTS (SELECT 1 FROM "StoragePolicy" AS "other" WHERE "other"."name" = 'local');
