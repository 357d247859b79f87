# One image for every service of the hub; docker-compose.yml picks the service by command.
FROM node:24-bookworm-slim
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p /hub/data && chown node /hub/data
ENV NODE_ENV=production
USER node
