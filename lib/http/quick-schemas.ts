import { z } from "zod";
import { TAG_COLORS } from "@/lib/domain/tags";

/** Request bodies and queries of the quick-access routes (favourites, tags, comments, activity, row marks). */
export const favoriteBody = z.object({ favorite: z.boolean() });
export const createTagBody = z.object({ name: z.string().max(200), color: z.enum(TAG_COLORS) });
export const updateTagBody = z.object({ name: z.string().max(200).optional(), color: z.enum(TAG_COLORS).optional() });
export const commentBody = z.object({ body: z.string().max(20_000) });
export const marksBody = z.object({ ids: z.array(z.number().int().positive()).max(1000) });
export const beforeQuery = z.object({ before: z.coerce.number().int().positive().optional() });
export const tagIdsQuery = z.object({
  tags: z
    .string()
    .regex(/^\d+(,\d+){0,9}$/, "tags must be a comma-separated list of tag ids")
    .transform((s) => s.split(",").map(Number)),
  among: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .transform((s) => s.split(",").map(Number))
    .optional(),
});
