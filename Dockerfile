# syntax=docker/dockerfile:1
# Fortfolio container image: one static binary with the web assets
# (including web/app.wasm) embedded, on distroless, running as non-root.
#
#   docker build -t fortfolio .
#   docker run -d -p 127.0.0.1:8000:8000 -v fortfolio-data:/data \
#     -e FORTFOLIO_ALLOWED_HOSTS=fortfolio.example.com \
#     fortfolio --trusted-proxy 172.17.0.1/32
#
# Arguments after the image name are appended to the ENTRYPOINT. Plain HTTP on
# a non-loopback address is refused unless --trusted-proxy names the reverse
# proxy (as seen from inside the container, e.g. the Docker bridge gateway
# above) or TLS is configured (--tls-cert/--tls-key or --autocert). See
# docs/deployment.md.

# --- build ------------------------------------------------------------------
FROM golang:1.26-bookworm AS build
WORKDIR /src

# Dependencies first, so source edits keep this layer cached.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
ARG VERSION=docker

# 1. The WASM client, compressed for the server to serve precompressed.
# 2. The server, static (modernc.org/sqlite needs no cgo), embedding web/.
RUN ./build/wasm-build.sh web/app.wasm \
 && go run ./build/wasmpack compress web/app.wasm \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/fortfolio/fortfolio/server/cli.Version=${VERSION}" -o /out/fortfolio . \
 && mkdir -p /out/data

# --- run, with the PostgreSQL client tools ---------------------------------
# For nodes with --database: backups run pg_dump (and restores pg_restore),
# which must be at least the server's major version (Debian 12: 15).
#   docker build --target postgres -t fortfolio:postgres .
# See build/compose.example.yml.
FROM debian:bookworm-slim AS postgres
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 65532 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nonroot
COPY --from=build /out/fortfolio /fortfolio
COPY --from=build --chown=nonroot:nonroot /out/data /data
USER nonroot
VOLUME /data
EXPOSE 8000
ENTRYPOINT ["/fortfolio", "serve", "--data", "/data", "--addr", "0.0.0.0:8000"]

# --- run (default) ------------------------------------------------------------
# The last stage is what a plain `docker build` makes.
FROM gcr.io/distroless/static-debian12:nonroot

COPY --from=build /out/fortfolio /fortfolio
# Pre-create /data owned by nonroot (uid 65532) so a fresh named volume
# inherits that owner; the binary creates its files 0600/0700 inside it.
COPY --from=build --chown=nonroot:nonroot /out/data /data

USER nonroot
VOLUME /data
EXPOSE 8000
ENTRYPOINT ["/fortfolio", "serve", "--data", "/data", "--addr", "0.0.0.0:8000"]
