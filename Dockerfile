# syntax=docker/dockerfile:1
#
# graphmock as a CI sidecar: a static binary on a distroless base (no shell, no package manager),
# running as a non-root user and serving on 0.0.0.0:8080. Every setting is a GRAPHMOCK_*
# environment variable (see `graphmock serve -h`); mount scenario files at /scenarios.
#
#   docker build -t graphmock .
#   docker run --rm -p 8080:8080 -v "$PWD/scenarios:/scenarios:ro" \
#     -e GRAPHMOCK_SCENARIO=/scenarios/default.yaml graphmock
#
# Our CI machines have no Docker engine, so .ci/run takes the `RUN CGO_ENABLED=0 go build` line
# below verbatim, runs it, and starts the result the way this image would (ENV, ENTRYPOINT, CMD,
# HEALTHCHECK). TestDockerfile in cmd/graphmock fails if that line and .ci/run drift apart.

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/graphmock ./cmd/graphmock

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="graphmock" \
      org.opencontainers.image.description="A mock of the Microsoft Graph callRecords API for tests and CI"
COPY --from=build /src/bin/graphmock /graphmock
WORKDIR /scenarios
ENV GRAPHMOCK_ADDR=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["/graphmock", "healthcheck"]
ENTRYPOINT ["/graphmock"]
CMD ["serve"]
