# syntax=docker/dockerfile:1
# The bot as a container image: `docker build -t meta-connected-bot .` (not built by CI; see the
# README, "Operating it"). Two stages: `build` compiles the TypeScript with every dependency,
# the runtime image has only production dependencies, the compiled code and the knowledge base,
# and runs as the unprivileged `node` user.

# Node 20.20, as the project's engines field and CI use; the full image has the compilers that
# better-sqlite3 falls back to when no prebuilt binary fits.
FROM node:20.20-bookworm AS build
WORKDIR /app
# The npm the lockfile and package.json's allowScripts are written for.
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.ts ./scripts/build.ts
COPY src ./src
COPY commands ./commands
RUN npm run build

FROM node:20.20-bookworm-slim AS runtime
# /metrics and /healthz on a port of their own, for the HEALTHCHECK below and a scraper on the
# container network (publish the port only to trusted networks).
ENV NODE_ENV=production METRICS_PORT=9464 METRICS_HOST=0.0.0.0
WORKDIR /app
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY knowledge ./knowledge
# `npm start` and `npm run serve` run it first (prestart, preserve): one line when dist/ is missing.
COPY scripts/require-build.mjs ./scripts/require-build.mjs
# SQLite's default file (DATABASE_PATH=./data/bot.sqlite) lives here when DATABASE_URL is unset.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
# 8080: `npm run serve`'s interactions endpoint (PORT); 9464: /metrics and /healthz.
EXPOSE 8080 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "dist/src/ops/healthcheck.js"]
# `npm start` runs the gateway bot (dist/src/main.js); `npm run serve` the HTTP endpoint instead.
# npm passes SIGTERM on to the bot, which stops within 5 seconds (docker stop waits 10).
CMD ["npm", "start"]
