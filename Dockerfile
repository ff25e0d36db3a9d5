# Haven in one container: SQLite and blobs under /data by default; PostgreSQL and S3 via environment.
#   docker build -t haven . && docker run -p 3000:3000 -v haven:/data haven
# Without a registry: scripts/docker-base.sh builds both base images from Debian packages (mmdebstrap), and
# scripts/docker-check.sh builds this file with them as build arguments, runs it and checks it:
#   --build-arg BUILD_IMAGE=localhost/haven-build-base:bookworm --build-arg BASE_IMAGE=localhost/haven-base:bookworm
ARG BUILD_IMAGE=node:22-bookworm-slim
ARG BASE_IMAGE=node:22-bookworm-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /app
# The local build base has the compilers already; the registry's node image gets them from Debian.
RUN command -v g++ >/dev/null || (apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*)
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY . .
RUN bash scripts/build.sh && npm prune --omit=dev --no-audit --no-fund

FROM ${BASE_IMAGE}
# ffmpeg: poster frames for video thumbnails (the local base image has it already)
RUN command -v ffmpeg >/dev/null || (apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*)
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DATA_DIR=/data HOST=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=2
WORKDIR /app
RUN groupadd --system haven && useradd --system --gid haven --home /app haven \
  && mkdir -p /data && chown haven:haven /data
COPY --from=build --chown=haven:haven /app/package.json ./
COPY --from=build --chown=haven:haven /app/node_modules ./node_modules
COPY --from=build --chown=haven:haven /app/.next ./.next
COPY --from=build --chown=haven:haven /app/public ./public
COPY --from=build --chown=haven:haven /app/dist ./dist
COPY --from=build --chown=haven:haven /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=haven:haven /app/next.config.ts ./
USER haven
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.mjs"]
