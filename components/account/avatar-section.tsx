"use client";

import { useRef } from "react";
import { useMutation } from "@tanstack/react-query";
import { ImageUp, Trash2 } from "lucide-react";
import { SettingsSection } from "@/components/account/section";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { useFeedback } from "@/components/ui/use-feedback";
import type { Me } from "@/lib/client/api-types";
import { queryKeys } from "@/lib/client/query-keys";
import { removeAvatar, uploadAvatar } from "@/lib/client/security-api";

/** Settings → Account: the account picture (upload, change, remove); the server crops and resizes it. */
export function AvatarSection({ me }: { me: Me }) {
  const { t, toast, fail, invalidate } = useFeedback();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: uploadAvatar,
    onSuccess: () => {
      toast.success(t("security.avatarSaved"));
      invalidate(queryKeys.me);
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: removeAvatar,
    onSuccess: () => {
      toast.success(t("security.avatarRemoved"));
      invalidate(queryKeys.me);
    },
    onError: fail,
  });
  const busy = upload.isPending || remove.isPending;

  return (
    <SettingsSection id="avatar" title={t("security.avatar")} hint={t("security.avatarHint")}>
      <div className="flex flex-wrap items-center gap-4">
        <Avatar user={me} size="lg" alt={t("security.avatarAlt", { name: me.displayName || me.username })} />
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            type="file"
            accept="image/*"
            className="sr-only"
            tabIndex={-1}
            data-testid="avatar-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              if (file) upload.mutate(file);
            }}
          />
          <Button icon={<ImageUp className="size-4" aria-hidden />} onClick={() => input.current?.click()} disabled={busy} data-testid="avatar-upload">
            {me.avatarEtag ? t("security.avatarChange") : t("security.avatarUpload")}
          </Button>
          {me.avatarEtag && (
            <Button variant="ghost" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => remove.mutate()} disabled={busy} data-testid="avatar-remove">
              {t("security.avatarRemove")}
            </Button>
          )}
        </div>
      </div>
    </SettingsSection>
  );
}
