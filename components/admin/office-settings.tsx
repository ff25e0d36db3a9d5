"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { getOfficeSettings, saveOfficeSettings } from "@/lib/client/editor-api";
import { queryKeys } from "@/lib/client/query-keys";

/** Admin → Settings: the Collabora / OnlyOffice server's WOPI discovery URL ("Open in office" appears once set). */
export function OfficeSettingsSection() {
  const query = useQuery({ queryKey: queryKeys.officeSettings, queryFn: getOfficeSettings });
  return <div className="mt-10 max-w-xl">{query.data && <OfficeForm initial={query.data.discoveryUrl ?? ""} />}</div>;
}

function OfficeForm({ initial }: { initial: string }) {
  const { t, toast } = useFeedback();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => saveOfficeSettings(url.trim() || null),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.officeSettings, saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.officeExtensions });
      toast.success(t("settings.saved"));
    },
    onError: (caught) => setError(errorMessage(caught, t("common.unknownError"))),
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        save.mutate();
      }}
      data-testid="office-settings"
    >
      <h2 className="text-sm font-semibold">{t("viewer.officeTitle")}</h2>
      <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">{t("viewer.officeHint")}</p>
      <TextField
        label={t("viewer.officeUrl")}
        hint={t("viewer.officeUrlHint")}
        error={error ?? undefined}
        type="url"
        inputMode="url"
        value={url}
        placeholder="https://office.example.com/hosting/discovery"
        onChange={(event) => setUrl(event.target.value)}
        data-testid="office-discovery-url"
      />
      <div className="mt-4">
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="office-save">
          {save.isPending && <Spinner />}
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}
