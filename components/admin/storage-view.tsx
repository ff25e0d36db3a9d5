"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { AdminPage, Card } from "@/components/admin/admin-page";
import { PolicyAssignDialog } from "@/components/admin/policy-assign-dialog";
import { PolicyDialog } from "@/components/admin/policy-dialog";
import { PolicyProbe } from "@/components/admin/policy-probe";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Spinner } from "@/components/ui/spinner";
import { useFeedback } from "@/components/ui/use-feedback";
import { queryKeys } from "@/lib/client/query-keys";
import {
  assignPolicy,
  createPolicy,
  deletePolicy,
  listPolicies,
  POLICIES_KEY,
  testPolicy,
  updatePolicy,
  type PolicyInput,
  type PolicyTarget,
  type PolicyView,
  type ProbeResult,
} from "@/lib/client/storage-api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

type DialogState = { kind: "create" } | { kind: "edit"; policy: PolicyView } | { kind: "assign"; policy: PolicyView } | { kind: "delete"; policy: PolicyView } | null;

/** /admin/storage: storage policies with their usage; create, edit, test, assign, set as default, delete. */
export function StorageView() {
  const { t, toast, fail, invalidate } = useFeedback();
  const query = useQuery({ queryKey: POLICIES_KEY, queryFn: listPolicies });
  const [dialog, setDialog] = useState<DialogState>(null);
  const refresh = () => invalidate(POLICIES_KEY, queryKeys.allTeams, queryKeys.users);
  const save = async (input: PolicyInput, id?: number) => {
    await (id === undefined ? createPolicy(input) : updatePolicy(id, input));
    refresh();
    toast.success(t(id === undefined ? "storage.created" : "storage.saved"));
  };
  const assign = async (policy: PolicyView, target: PolicyTarget) => {
    await assignPolicy(policy.id, target);
    refresh();
    toast.success("default" in target ? t("storage.defaultSet", { name: policy.name }) : t("storage.assigned"));
  };
  const remove = useMutation({
    mutationFn: (policy: PolicyView) => deletePolicy(policy.id),
    onSuccess: () => (refresh(), setDialog(null), toast.success(t("storage.deleted"))),
    onError: fail,
  });
  return (
    <AdminPage
      title="dash.storageTitle"
      query={query}
      actions={
        <Button variant="primary" icon={<Plus className="size-4" aria-hidden />} onClick={() => setDialog({ kind: "create" })} data-testid="policy-new">
          <span className="max-sm:sr-only">{t("storage.new")}</span>
        </Button>
      }
    >
      {({ items }) => (
        <>
          <div className="max-w-3xl space-y-3" data-testid="storage-policies">
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("dash.storageHint")}</p>
            {items.map((p) => (
              <PolicyCard
                key={p.id}
                policy={p}
                onEdit={() => setDialog({ kind: "edit", policy: p })}
                onAssign={() => setDialog({ kind: "assign", policy: p })}
                onDefault={() => assign(p, { default: true }).catch(fail)}
                onDelete={() => setDialog({ kind: "delete", policy: p })}
              />
            ))}
          </div>
          {dialog?.kind === "create" && <PolicyDialog policy={null} onSave={(input) => save(input)} onClose={() => setDialog(null)} />}
          {dialog?.kind === "edit" && <PolicyDialog policy={dialog.policy} onSave={(input) => save(input, dialog.policy.id)} onClose={() => setDialog(null)} />}
          {dialog?.kind === "assign" && <PolicyAssignDialog policy={dialog.policy} onAssign={(target) => assign(dialog.policy, target)} onClose={() => setDialog(null)} />}
          <ConfirmDialog
            open={dialog?.kind === "delete"}
            title={dialog?.kind === "delete" ? t("storage.deleteTitle", { name: dialog.policy.name }) : ""}
            body={t("storage.deleteBody")}
            confirmLabel={t("storage.delete")}
            danger
            busy={remove.isPending}
            onConfirm={() => dialog?.kind === "delete" && remove.mutate(dialog.policy)}
            onClose={() => setDialog(null)}
            confirmTestId="policy-delete-confirm"
          />
        </>
      )}
    </AdminPage>
  );
}

type CardProps = { policy: PolicyView; onEdit: () => void; onAssign: () => void; onDefault: () => void; onDelete: () => void };

function PolicyCard({ policy: p, onEdit, onAssign, onDefault, onDelete }: CardProps) {
  const { t, fail } = useFeedback();
  const locale = useLocale();
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const test = useMutation({ mutationFn: () => testPolicy({ id: p.id }), onSuccess: setProbe, onError: fail });
  const location = p.s3 ? `${p.s3.endpoint.replace(/\/$/, "")}/${p.s3.bucket}/${p.s3.prefix}` : (p.local?.path ?? t("storage.builtinDir"));
  const limits = [p.maxFileSize === null ? t("storage.anySize") : t("storage.upTo", { size: formatBytes(p.maxFileSize, locale) }), p.allowedExtensions?.join(", ") ?? t("storage.anyType")];
  const unused = !p.isDefault && p.usage.spaces === 0 && p.usage.blobs === 0;
  return (
    <Card testId={`policy-${p.name}`} title={`${p.name}${p.isDefault ? ` · ${t("dash.default")}` : ""}`}>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-zinc-500">{t("dash.kind")}</dt>
          <dd>{t(p.kind === "s3" ? "storage.kindS3" : "storage.kindLocal")}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">{t("dash.used")}</dt>
          <dd className="tabular-nums" data-testid="policy-bytes">{formatBytes(p.usage.bytes, locale)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">{t("storage.blobs")}</dt>
          <dd className="tabular-nums" data-testid="policy-blobs">{p.usage.blobs.toLocaleString(locale)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">{t("dash.spaces")}</dt>
          <dd className="tabular-nums" data-testid="policy-spaces">{p.usage.spaces.toLocaleString(locale)}</dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-zinc-500">{t("storage.location")}</dt>
          <dd className="break-all">
            {location}
            {p.s3 && <span className="block text-xs text-zinc-500">{`${p.s3.accessKeyId}${p.s3.secretSet ? ` · ${t("storage.secretSet")}` : ""}${p.s3.pathStyle ? ` · ${t("storage.pathStyle")}` : ""}`}</span>}
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-zinc-500">{t("storage.limits")}</dt>
          <dd>{limits.join(" · ")}</dd>
        </div>
      </dl>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button size="sm" onClick={onEdit} data-testid="policy-edit">{t("storage.edit")}</Button>
        <Button size="sm" onClick={() => test.mutate()} disabled={test.isPending} data-testid="policy-test-saved">
          {test.isPending && <Spinner />}
          {t("storage.test")}
        </Button>
        <Button size="sm" onClick={onAssign} data-testid="policy-assign">{t("storage.assign")}</Button>
        {!p.isDefault && <Button size="sm" onClick={onDefault} data-testid="policy-make-default">{t("storage.makeDefault")}</Button>}
        {unused && <Button size="sm" variant="ghost" onClick={onDelete} data-testid="policy-delete">{t("storage.delete")}</Button>}
      </div>
      {probe && <div className="mt-3"><PolicyProbe result={probe} /></div>}
    </Card>
  );
}
