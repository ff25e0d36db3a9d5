import { z } from "zod";
import { SEARCH_TYPES } from "@/lib/domain/search";
import { MAX_QUERY_LENGTH } from "@/lib/domain/search-text";

const size = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** An ISO date (2026-12-05) or date-time. */
const instant = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(s) && !Number.isNaN(Date.parse(s)), "an ISO date or date-time")
  .transform((s) => new Date(s));

/** GET /api/search's query string. */
export const searchQuery = z
  .object({
    q: z.string().max(MAX_QUERY_LENGTH).default(""),
    scope: z.enum(["folder", "space", "all"]).default("all"),
    folderId: z.coerce.number().int().positive().optional(),
    spaceId: z.coerce.number().int().positive().optional(),
    type: z.enum(SEARCH_TYPES).optional(),
    minSize: size.optional(),
    maxSize: size.optional(),
    modifiedAfter: instant.optional(),
    modifiedBefore: instant.optional(),
    owner: z.coerce.number().int().positive().optional(),
    fulltext: z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true").optional(),
    cursor: z.string().max(32).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .refine((v) => v.scope !== "folder" || v.folderId !== undefined, { message: "scope=folder needs folderId", path: ["folderId"] })
  .refine((v) => v.scope !== "space" || v.spaceId !== undefined, { message: "scope=space needs spaceId", path: ["spaceId"] })
  .refine((v) => v.minSize === undefined || v.maxSize === undefined || v.minSize <= v.maxSize, { message: "minSize is above maxSize", path: ["minSize"] });
