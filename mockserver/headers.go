package mockserver

import (
	"net/http"
	"sync/atomic"
	"time"
)

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

// dateCache keeps the formatted Date header for the current second: formatting a time costs more
// than the rest of a small response's headers.
type dateCache struct {
	v atomic.Pointer[cachedDate]
}

type cachedDate struct {
	unix int64
	text string
}

// httpDate is the Date header value for now, in RFC 7231 format.
func (s *Server) httpDate() string {
	now := s.now()
	sec := now.Unix()
	if c := s.date.v.Load(); c != nil && c.unix == sec {
		return c.text
	}
	c := &cachedDate{unix: sec, text: now.UTC().Format(http.TimeFormat)}
	s.date.v.Store(c)
	return c.text
}

// errorDate is innerError.date: Graph's format, with no fraction and no zone.
func errorDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }
