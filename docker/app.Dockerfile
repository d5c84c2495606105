# syntax=docker/dockerfile:1
# One image definition for every Paystream app. Build from the repository root
# (apps import libs/ via path aliases), naming the app and its port:
#   docker build -f docker/app.Dockerfile --build-arg APP=pos-api --build-arg PORT=4100 .
# docker-compose.yml passes both for each service. The image runs the compiled
# app (`npm run build`); set NODE_OPTIONS=--enable-source-maps for stack traces
# that point at the TypeScript.

# --- deps: the full dependency tree, exactly as locked (npm ci) ---------------
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# --ignore-scripts: the root postinstall (Prisma generate) needs the schema,
# which is copied in the next stage; no dependency install script is relied on.
# patch-package applies patches/ (a KafkaJS fix, see the README); the root
# postinstall that would run it is skipped by --ignore-scripts.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npx patch-package

# --- build: generate the Prisma client offline, compile, drop dev dependencies
FROM deps AS build
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<folder under apps/>" >&2; exit 1)
COPY prisma.config.ts tsconfig.json tsconfig.base.json tsconfig.build.json ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs scripts/build.mjs ./scripts/
COPY libs ./libs
# Only this app's source: tsconfig.build.json compiles what is present.
COPY apps/${APP} ./apps/${APP}
RUN npm run db:generate \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: the compiled JavaScript and the production dependencies ---------
FROM node:20-slim AS runtime
ARG APP
ARG PORT
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=${PORT} \
    APP=${APP}
WORKDIR /app
# Files stay owned by root: the unprivileged process can read, not rewrite, its code.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE ${PORT}
# Slim images have no curl: Node's own fetch asks the app's readiness endpoint.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: node is PID 1 and receives docker stop's SIGTERM (the apps drain on it).
# Heap limits: dev/testing/src/app-processes/app-heap-flags.ts says why (test/compose holds both to the same flags).
CMD exec node --max-old-space-size=96 --max-semi-space-size=4 "dist/apps/${APP}/src/main.js"
