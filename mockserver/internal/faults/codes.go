package faults

import (
	"net/http"
	"strings"
)

// statusCode is the Graph error code and message a fault's status answers with when the rule
// gives none. Statuses Graph documents or was seen answering with have Graph's code and message
// (429 TooManyRequests "Please retry again later.", 503 serviceNotAvailable, 403 Forbidden with
// an empty message, ...). Any other status with an HTTP name gets that name as one word, each
// word capitalised and punctuation dropped (418 ImATeapot "I'm a teapot.", 421
// MisdirectedRequest, 505 HTTPVersionNotSupported), so every code is an identifier; a status
// without a name gets invalidRequest (4xx) or generalException (5xx) and an empty message.
func statusCode(status int) (code, message string) {
	switch status {
	case http.StatusTooManyRequests:
		return "TooManyRequests", "Please retry again later."
	case http.StatusServiceUnavailable:
		return "serviceNotAvailable", "The service is temporarily unavailable. Try the request again after a delay; there may be a Retry-After header."
	case http.StatusInternalServerError:
		return "generalException", "An unspecified error has occurred."
	case http.StatusGatewayTimeout:
		return "gatewayTimeout", "The gateway did not receive a timely response from the upstream service."
	case http.StatusUnauthorized:
		return "InvalidAuthenticationToken", "Access token is empty."
	case http.StatusForbidden:
		return "Forbidden", ""
	case http.StatusNotFound:
		return "NotFound", ""
	case http.StatusBadRequest:
		return "BadRequest", "The request is malformed or incorrect."
	case http.StatusConflict:
		return "Conflict", "The current state conflicts with what the request expects."
	case http.StatusBadGateway:
		return "badGateway", "The service received an invalid response from an upstream service."
	}
	text := http.StatusText(status)
	switch {
	case text != "":
		return identifier(text), text + "."
	case status < 500:
		return "invalidRequest", ""
	}
	return "generalException", ""
}

// identifier turns an HTTP status name into a code: its words capitalised and joined, letters
// and digits only ("I'm a teapot" → "ImATeapot", "Request URI Too Long" → "RequestURITooLong").
func identifier(text string) string {
	var b strings.Builder
	for _, word := range strings.Fields(text) {
		first := true
		for _, c := range word {
			switch {
			case c >= 'a' && c <= 'z' && first:
				b.WriteRune(c - 'a' + 'A')
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
				b.WriteRune(c)
			default:
				continue // punctuation: dropped, the word goes on ("I'm" → "Im")
			}
			first = false
		}
	}
	return b.String()
}
