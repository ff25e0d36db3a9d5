"use client";

import { ActivityList } from "@/components/drive/quick/activity-list";
import { CommentsSection } from "@/components/drive/quick/comments-section";
import { NodeTagsEditor } from "@/components/drive/quick/node-tags-editor";
import type { NodeView } from "@/lib/client/api-types";
import { nodeActivity } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** The details panel's quick-access sections: tags, comments and the item's activity. */
export function QuickDetails({ node }: { node: NodeView }) {
  const t = useT();
  return (
    <>
      <NodeTagsEditor nodeId={node.id} />
      <CommentsSection nodeId={node.id} />
      <section className="space-y-2">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("quick.activity")}</h3>
        <ActivityList queryKey={queryKeys.nodeActivity(node.id)} fetchPage={(before) => nodeActivity(node.id, before)} testId="node-activity" />
      </section>
    </>
  );
}
