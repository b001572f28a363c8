package mockserver

import "time"

// headerValues are the constant response header values, allocated once per server and shared by
// every response (net/http only reads them).
type headerValues struct {
	agsDiagnostic []string
	odataVersion  []string
	contentType   []string
}

func newHeaderValues() headerValues {
	return headerValues{
		agsDiagnostic: []string{agsDiagnostic},
		odataVersion:  []string{"4.0"},
		contentType:   []string{contentTypeOData},
	}
}

// errorDate is innerError.date: Graph's format, with no fraction and no zone.
func errorDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }
