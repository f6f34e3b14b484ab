# syntax=docker/dockerfile:1
# onscreen: the API (`serve`) and OCR workers (`worker`) from one image. See docs/DEPLOY.md.

# --- build: install with pnpm, compile every package, then deploy @onscreen/search-api with its
#     production dependencies only into /app (workspace packages copied in as built)
FROM node:20-bookworm-slim AS build
# a C++ toolchain for better-sqlite3 when no prebuilt binary can be fetched
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN npx -y pnpm@10 install --frozen-lockfile \
 && npx -y pnpm@10 -r --filter './packages/**' build \
 && npx -y pnpm@10 --filter @onscreen/search-api deploy --prod --legacy --no-optional /app

# --- runtime: Node, Debian's ffmpeg (5.1, found on PATH and preferred to any npm build), tini as pid 1
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data && chown node:node /data
COPY --from=build --chown=root:root /app /app
ENV NODE_ENV=production \
    ONSCREEN_DATA_DIR=/data \
    ONSCREEN_HOST=0.0.0.0 \
    ONSCREEN_PORT=8080 \
    ONSCREEN_LOG_LEVEL=info
# the image's unprivileged user (uid 1000); it owns only /data
USER node
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.ONSCREEN_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tini forwards SIGTERM and reaps ffmpeg and tesseract children; onscreen stops cleanly on SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/cli.js"]
CMD ["serve", "--no-samples"]
