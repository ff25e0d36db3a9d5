import type { UserRecord } from "@/lib/domain/types";
import type { PartnerRequestView, PartnerView } from "@/lib/services/partner.service";

const day = (d: Date) => d.toISOString().slice(0, 10);

export function partnerRequestView(r: PartnerRequestView) {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    company: r.company,
    reason: r.reason,
    username: r.username,
    expiresOn: day(r.expiresAt),
    teamSpaceId: r.teamSpaceId,
    teamName: r.teamName,
    requestedBy: r.requestedByName,
    state: r.state,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
    userId: r.userId,
    createdAt: r.createdAt.toISOString(),
  };
}

export function partnerView(p: PartnerView) {
  return {
    userId: p.userId,
    username: p.username,
    displayName: p.displayName,
    email: p.email,
    company: p.company,
    teamSpaceId: p.teamSpaceId,
    teamName: p.teamName,
    sponsor: p.sponsorName,
    expiresOn: day(p.expiresAt),
    expired: p.expiredAt !== null,
    disabled: p.disabled,
    lastLoginAt: p.lastLoginAt?.toISOString() ?? null,
    folderId: p.folderId,
  };
}

export function approverView(u: UserRecord) {
  return { id: u.id, username: u.username, displayName: u.displayName };
}
