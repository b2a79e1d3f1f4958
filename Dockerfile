# syntax=docker/dockerfile:1.7
# The image of every service (apps/<service>), one Dockerfile for all. Build from the repository root:
#   docker build --build-arg SERVICE=fan-out -t homeport/fan-out .
#   docker build --build-arg SERVICE=broker-api --build-arg PORTS="8080 1883 8883 8083" -t homeport/broker-api .
# docker-compose.yml holds each service's build args (CI builds from it with `docker buildx bake`).
# The build stage runs scripts/build-service.sh, the same script CI runs and starts for every service.

FROM node:24-bookworm-slim AS build
# The service to build: the folder apps/<SERVICE>.
ARG SERVICE
WORKDIR /src
# Only what the build reads: the lockfile (pinned versions, esbuild), the TypeScript settings esbuild
# follows, the build scripts, the libs and this service. The npm cache mount keeps downloads across builds.
COPY package.json package-lock.json tsconfig.base.json ./
COPY scripts/build-service.sh scripts/
COPY scripts/build-service/ scripts/build-service/
COPY scripts/migrate/ scripts/migrate/
COPY libs/ libs/
COPY apps/${SERVICE}/ apps/${SERVICE}/
RUN --mount=type=cache,target=/root/.npm bash scripts/build-service.sh "${SERVICE}" /out

FROM node:24-bookworm-slim
# The ports the service listens on (the HTTP_PORT default first; broker-api adds its MQTT listeners).
ARG PORTS=8080
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /out/ ./
# The image's own non-root user (uid 1000); the files stay owned by root, so the process cannot change them.
USER node
EXPOSE ${PORTS}
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
