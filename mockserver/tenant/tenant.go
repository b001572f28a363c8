// Package tenant turns a tenant's call records into a graphmock scenario: what `graphmock
// import` runs, for a Go program that snapshots a tenant. It is a package of its own, beside
// mockserver, as generate is, so that mockserver's surface stays what a test needs.
package tenant

import (
	"context"

	"github.com/graphmock/graphmock/mockserver/internal/importer"
)

// Options says where Import reads call records (GraphURL, Since), how it gets a token (Token, or
// TenantID, ClientID and ClientSecret for the client credentials grant), whether it keeps
// personal data, and how it writes the scenario. See the fields.
type Options = importer.Options

// Report is what Import wrote (the scenario file) and what it counted on the way.
type Report = importer.Report

// Import reads call records from Microsoft Graph, or any server that speaks its callRecords API
// (another graphmock included), and returns them as a scenario file that graphmock loads: each
// record with its organizer, participants, sessions and segments, every page of them, throttled
// requests retried after their Retry-After. Personal data (names, user principal names, ids of
// people and devices, phone numbers, IP and MAC addresses, device names, subnets, free text) is
// replaced by pseudonyms keyed by ScrubKey unless KeepPersonalData is set; docs/import.md lists
// every field.
func Import(ctx context.Context, opts Options) (Report, error) {
	return importer.Import(ctx, opts)
}
