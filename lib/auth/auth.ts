import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { isDomainError } from "@/lib/domain/errors";
import { services } from "@/lib/container";
import { clientIpOf } from "./client-ip";

class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}

/** The password was right; the form asks for the TOTP or recovery code and sends all three again. */
class SecondFactorSignin extends CredentialsSignin {
  override code = "second_factor";
}

const credentials = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024), code: z.string().max(64).optional() });

/**
 * Browser sign-in. The JWT carries only a session id (`sid`), checked against the Session table on every
 * request, so sessions can be listed and revoked. AUTH_SECRET and AUTH_URL come from the start script.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" }, code: { label: "Code" } },
      async authorize(raw, request) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        try {
          const { user, sessionId } = await services().auth.login(parsed.data.username, parsed.data.password, {
            ip: clientIpOf(request.headers),
            userAgent: request.headers.get("user-agent"),
          }, parsed.data.code || undefined);
          return { id: String(user.id), name: user.displayName, sid: sessionId };
        } catch (e) {
          if (isDomainError(e) && e.code === "THROTTLED") throw new ThrottledSignin();
          if (isDomainError(e) && e.code === "SECOND_FACTOR_REQUIRED") throw new SecondFactorSignin();
          if (isDomainError(e) && e.code === "UNAUTHENTICATED") return null;
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user && "sid" in user) token.sid = user.sid as string;
      return token;
    },
    async session({ session, token }) {
      const actor = typeof token.sid === "string" ? await services().auth.actorForSession(token.sid) : null;
      return { ...session, sid: actor ? token.sid : undefined, userId: actor?.userId };
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await services().auth.logout(sid);
    },
  },
});
