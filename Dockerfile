# sglint in a container: docker run --rm -v "$PWD:/src" sglint scan .
# Built from the same npm package users install (npm pack), so the image runs what npm ships.
FROM node:22-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm pack --pack-destination /tmp \
 && npm install --global --omit=dev --no-audit --no-fund /tmp/sglint-*.tgz

FROM node:22-slim
LABEL org.opencontainers.image.title="sglint" \
      org.opencontainers.image.description="Lint cloud security groups by what is actually reachable" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/sglint/sglint"
COPY --from=build /usr/local/lib/node_modules/sglint /usr/local/lib/node_modules/sglint
RUN ln -s ../lib/node_modules/sglint/dist/src/cli/main.js /usr/local/bin/sglint
# Not root: the scanned folder is mounted read-only in the usual case; reports go to stdout or --output.
USER node
WORKDIR /src
ENTRYPOINT ["sglint"]
CMD ["scan", "."]
