# Switchyard gateway image: non-root, read-only root filesystem friendly (state and temp files go to
# mounted volumes), health check on /liveness. Build: docker build -t switchyard .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY plugins plugins
COPY bin bin
COPY schemas schemas
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY schemas schemas
COPY examples examples
COPY wasm-modules/examples wasm-modules/examples
# The only writable places: the state directory and /tmp (mount both when the root is read-only).
RUN mkdir -p /var/lib/switchyard && chown 1000:1000 /var/lib/switchyard
USER 1000:1000
EXPOSE 30000
VOLUME ["/var/lib/switchyard", "/tmp"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:30000/liveness').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A young generation of fixed size (bin/node-flags.ts says why; npm start uses the same flags).
ENTRYPOINT ["node", "--min-semi-space-size=16", "--max-semi-space-size=16", "dist/bin/switchyard.js"]
CMD ["launch", "--host", "0.0.0.0", "--port", "30000", "--state-dir", "/var/lib/switchyard"]
