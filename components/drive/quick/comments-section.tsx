"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { addComment, deleteComment, editComment, listComments } from "@/lib/client/quick-api";
import type { CommentView } from "@/lib/client/quick-types";
import { queryKeys } from "@/lib/client/query-keys";
import { formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

const textareaClass = cn(inputClass, "h-auto min-h-16 py-2");

/** The details panel's comments: everyone who can read the item sees them; one's own can be edited and deleted. */
export function CommentsSection({ nodeId }: { nodeId: number }) {
  const t = useT();
  const { fail, invalidate } = useFeedback();
  const comments = useQuery({ queryKey: queryKeys.comments(nodeId), queryFn: () => listComments(nodeId), select: (data) => data.items });
  const [draft, setDraft] = useState("");
  const refresh = () => invalidate(queryKeys.comments(nodeId));
  const add = useMutation({ mutationFn: (body: string) => addComment(nodeId, body), onSuccess: () => (setDraft(""), refresh()), onError: fail });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) add.mutate(draft);
  };

  return (
    <section className="space-y-2" data-testid="details-comments">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("quick.comments")}</h3>
      {comments.data?.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("quick.noComments")}</p>}
      <ul className="space-y-3">
        {comments.data?.map((comment) => (
          <CommentItem key={comment.id} comment={comment} onChanged={refresh} />
        ))}
      </ul>
      <form onSubmit={submit} className="space-y-2">
        <textarea className={textareaClass} value={draft} maxLength={10_000} onChange={(e) => setDraft(e.target.value)} placeholder={t("quick.commentPlaceholder")} aria-label={t("quick.commentPlaceholder")} data-testid="comment-input" />
        <Button type="submit" size="sm" variant="primary" disabled={!draft.trim() || add.isPending} data-testid="comment-submit">
          {t("quick.postComment")}
        </Button>
      </form>
    </section>
  );
}

function CommentItem({ comment, onChanged }: { comment: CommentView; onChanged: () => void }) {
  const t = useT();
  const locale = useLocale();
  const { fail } = useFeedback();
  const [editing, setEditing] = useState<string | null>(null);
  const save = useMutation({ mutationFn: (body: string) => editComment(comment.id, body), onSuccess: () => (setEditing(null), onChanged()), onError: fail });
  const remove = useMutation({ mutationFn: () => deleteComment(comment.id), onSuccess: onChanged, onError: fail });
  return (
    <li className="rounded-lg bg-zinc-50 p-2.5 text-sm dark:bg-zinc-900" data-testid="comment">
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{comment.authorName}</span>
        <time dateTime={comment.createdAt}>{formatShortDateTime(comment.createdAt, locale)}</time>
        {comment.editedAt && <span>{t("quick.edited")}</span>}
      </p>
      {editing === null ? (
        <p className="mt-1 break-words whitespace-pre-wrap" data-testid="comment-body">
          {comment.body}
        </p>
      ) : (
        <textarea className={cn(textareaClass, "mt-1")} value={editing} onChange={(e) => setEditing(e.target.value)} aria-label={t("quick.editComment")} data-testid="comment-edit-input" />
      )}
      <div className="mt-1 flex gap-1">
        {editing !== null ? (
          <>
            <Button size="sm" variant="primary" disabled={!editing.trim() || save.isPending} onClick={() => save.mutate(editing)} data-testid="comment-save">
              {t("common.save")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
              {t("common.cancel")}
            </Button>
          </>
        ) : (
          <>
            {comment.canEdit && (
              <Button size="sm" variant="ghost" onClick={() => setEditing(comment.body)} data-testid="comment-edit">
                {t("quick.editComment")}
              </Button>
            )}
            {comment.canDelete && (
              <Button size="sm" variant="ghost" disabled={remove.isPending} onClick={() => remove.mutate()} data-testid="comment-delete">
                {t("quick.deleteComment")}
              </Button>
            )}
          </>
        )}
      </div>
    </li>
  );
}
