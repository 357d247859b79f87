# One image for every service of the hub; docker-compose.yml picks the service by command.
FROM node:20-bookworm-slim
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
USER node
