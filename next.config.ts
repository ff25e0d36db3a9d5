import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The custom server (server/index.ts) serves WebDAV, tus and downloads; Next serves pages and the JSON API.
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "sharp", "pg", "pdfjs-dist", "@napi-rs/canvas"],
  typedRoutes: false,
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
    ];
  },
};

export default nextConfig;
