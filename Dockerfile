# repwatch image: API, scheduler and workers all run from this one image.
FROM node:20-bookworm-slim

# Debian's Chromium drives the browser-rendered sources (Google Maps and friends);
# Playwright never downloads a browser of its own.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    CHROMIUM_PATH=/usr/bin/chromium \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .

USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/repwatch.js"]
CMD ["start"]
