# One image, three processes: gateway (default), worker, mocks.
#   docker run IMAGE                        → gateway
#   docker run IMAGE node dist/src/worker.js → delivery worker
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node schemas ./schemas
COPY --chown=node:node catalogs ./catalogs
COPY --chown=node:node config ./config
COPY --chown=node:node openapi ./openapi
# The workers' evidence archive (EVIDENCE_DIR): a volume, owned by the user the processes run as.
RUN mkdir -p /var/lib/lienthong/evidence && chown node:node /var/lib/lienthong/evidence
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/server.js"]
