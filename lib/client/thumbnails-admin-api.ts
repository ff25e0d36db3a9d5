import { apiFetch } from "@/lib/client/api";
import type { JobView } from "@/lib/client/admin-api";

export type ThumbnailFormat = { format: string; available: boolean; note?: string };
export type ThumbnailStatus = { formats: ThumbnailFormat[]; backfill: JobView | null };

export const getThumbnailStatus = () => apiFetch<ThumbnailStatus>("/api/admin/thumbnails");
export const regenerateThumbnails = (all: boolean) => apiFetch<{ queued: true }>("/api/admin/thumbnails", { method: "POST", json: { all } });
