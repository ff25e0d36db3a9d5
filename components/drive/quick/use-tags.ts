"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import { createTag, deleteTag, listTags, setNodeTag, updateTag } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";

/** The user's tags and every change to them, refreshing rows, pages and filters after each. */
export function useTags() {
  const { fail, invalidate } = useFeedback();
  const tags = useQuery({ queryKey: queryKeys.tags, queryFn: listTags, select: (data) => data.items });
  const refresh = () => invalidate(queryKeys.tags, queryKeys.allMarks, queryKeys.allTagged);
  const create = useMutation({ mutationFn: (tag: { name: string; color: string }) => createTag(tag.name, tag.color), onSuccess: refresh, onError: fail });
  const update = useMutation({ mutationFn: ({ id, ...changes }: { id: number; name?: string; color?: string }) => updateTag(id, changes), onSuccess: refresh, onError: fail });
  const remove = useMutation({ mutationFn: (id: number) => deleteTag(id), onSuccess: refresh, onError: fail });
  const setOnNode = useMutation({ mutationFn: ({ nodeId, tagId, on }: { nodeId: number; tagId: number; on: boolean }) => setNodeTag(nodeId, tagId, on), onSuccess: refresh, onError: fail });
  return { tags, create, update, remove, setOnNode };
}
