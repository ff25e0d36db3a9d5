import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { localeBody } from "@/lib/http/schemas";
import type { SessionActor } from "@/lib/auth/session";

async function me(actor: SessionActor) {
  const user = (await services().users.get(actor.userId))!;
  const space = await services().spaces.usage(actor.userId);
  return { id: user.id, username: user.username, displayName: user.displayName, email: user.email, role: user.role, locale: user.locale, space, avatarEtag: user.avatarEtag };
}

// GET /api/me – the signed-in user and their space usage
export const GET = withActor(async ({ actor }) => me(actor), { enrolment: true });

// PATCH /api/me – change the interface language
export const PATCH = withActor(async ({ req, actor }) => {
  const { locale } = localeBody.parse(await req.json());
  await services().users.setLocale(actor, locale);
  return me(actor);
});
