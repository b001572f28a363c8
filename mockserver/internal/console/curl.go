package console

import (
	"net/http"
	"strings"
)

// CurlArgs is the request as curl's arguments, for a server at base ("http://127.0.0.1:8080"):
// -g so that []{} in queries are sent as typed, -i to show the response headers (-I for HEAD),
// -X when the method is not what curl would pick, one -H per header, the body with
// --data-binary (sent byte for byte), and the URL last.
func CurlArgs(r Request, base string) []string {
	args := []string{"curl", "-g", "-i"}
	switch {
	case r.Method == http.MethodHead:
		args[2] = "-I"
	case r.Method != http.MethodGet || r.Body != "":
		if !(r.Method == http.MethodPost && r.Body != "") {
			args = append(args, "-X", r.Method)
		}
	}
	for _, h := range r.Headers {
		args = append(args, "-H", h.Name+": "+h.Value)
	}
	if r.Token != "" {
		args = append(args, "-H", "Authorization: Bearer "+r.Token)
	}
	if r.Body != "" && r.Method != http.MethodHead {
		args = append(args, "--data-binary", r.Body)
	}
	return append(args, base+r.Target)
}

// Curl is CurlArgs as a POSIX shell command, one option a line.
func Curl(r Request, base string) string {
	args := CurlArgs(r, base)
	var b strings.Builder
	b.WriteString(strings.Join(args[:3], " "))
	for i := 3; i < len(args)-1; i++ {
		if strings.HasPrefix(args[i], "-") {
			b.WriteString(" \\\n  " + args[i])
			continue
		}
		b.WriteString(" " + shellQuote(args[i]))
	}
	b.WriteString(" \\\n  " + shellQuote(args[len(args)-1]))
	return b.String()
}

// shellQuote quotes s for a POSIX shell: as is when it has only characters no shell treats
// specially, else in single quotes, each ' written as '\”.
func shellQuote(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_./:=@%+,", c) >= 0
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
