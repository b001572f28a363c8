package mockserver

import (
	"net/http"
)

// setHeader sets a response header, allocating the header map on first use.
func (r *response) setHeader(name, value string) {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(name, value)
}

// honourPreferences adds the output preferences a successful JSON answer honoured (omit-values,
// include-unknown-enum-members) to its Preference-Applied header, beside what the handler set.
func (rq *request) honourPreferences(resp response, err error) (response, error) {
	if err == nil && resp.status < 300 && resp.status != http.StatusNoContent && resp.contentType == "" {
		if applied := rq.prefs.AppliedWith(resp.header.Get("Preference-Applied")); applied != "" {
			resp.setHeader("Preference-Applied", applied)
		}
	}
	return resp, err
}
