/**
 * The client address as the custom server saw it. server/index.ts overwrites this header on every request
 * (from the socket, or from the last X-Forwarded-For hop when HAVEN_TRUST_PROXY=1; server/http/proxy-headers.ts),
 * so clients cannot spoof it.
 */
export const CLIENT_IP_HEADER = "x-haven-client-ip";

export function clientIpOf(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
