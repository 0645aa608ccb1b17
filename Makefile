# Fortfolio — make targets. `make run` and `make test` work on a fresh machine.
GO       ?= go
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/fortfolio/fortfolio/server/cli.Version=$(VERSION)
DATA     ?= ./data
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: build wasm run test test-short lint bench chromium clean

## build: bin/fortfolio with web/ and app.wasm embedded
build: wasm
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/fortfolio .

## wasm: the go-app client, precompressed as web/app.wasm.gz
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags "-s -w" -o web/app.wasm .
	gzip -9 -f web/app.wasm

## run: serve on http://127.0.0.1:8000 (loopback development mode, data in ./data)
run: build
	./bin/fortfolio serve --dev --addr 127.0.0.1:8000 --data $(DATA)

## test: every test, unit to browser (installs Debian chromium when missing)
test: wasm chromium
	$(GO) test -race -count=1 -timeout 15m ./...

## test-short: unit and API tests without the browser
test-short: wasm
	$(GO) test -short -count=1 ./...

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install -y chromium' (Debian) and retry"; exit 1; \
	  fi; }

## lint: go vet (server and wasm), gofmt, staticcheck
lint: wasm
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./shared/...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$(STATICCHECK) ./...

## bench: the Go benchmarks of hot paths
bench: wasm
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin web/app.wasm web/app.wasm.gz
