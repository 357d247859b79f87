# syntax=docker/dockerfile:1
# One image for every service of the hub, built once: docker-compose.yml and the Kubernetes
# manifests (deploy/) pick the service by its arguments (`subgraph <name>` or `gateway`).

# Build: every dependency, TypeScript compiled once into dist/ with the explorer's bundle (npm run build).
FROM node:24-bookworm-slim AS build
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: the production dependencies alone (no TypeScript, tsx, esbuild or test tools) and dist/.
FROM node:24-bookworm-slim AS runtime
WORKDIR /hub
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /hub/dist ./dist
RUN mkdir -p /hub/data && chown node /hub/data
USER node
EXPOSE 4000 4001 4002 4003 4004 4005
ENTRYPOINT ["node", "--enable-source-maps", "dist/scripts/start.js"]
CMD ["gateway"]
