// Package conformance proves graphmock against the official Microsoft Graph SDK for Go
// (github.com/microsoftgraph/msgraph-sdk-go): its request builders, deserializers, page iterator
// and default middleware (retry, gzip compression, …) run unchanged against a mock started
// in-process with mockserver.Start.
//
// It is a module of its own so that graphmock's main module never depends on the SDK. Run it
// with `cd conformance && go test ./...`. The package holds only tests.
package conformance
