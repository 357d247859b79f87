# One image for every service of the hub; docker-compose.yml picks the service by command.
FROM node:24-bookworm-slim
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The explorer's page script and styles (GraphiQL, React), bundled from node_modules: build/ is not committed.
RUN npm run build:explorer
RUN mkdir -p /hub/data && chown node /hub/data
ENV NODE_ENV=production
USER node
