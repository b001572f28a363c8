package console

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// JSClient is the request as Graph JS client code (@microsoft/microsoft-graph-client 3.x), for a
// server at base. The client builds URLs as baseUrl + "/" + version + path and sends query
// options as written (raw), so the path keeps the target's query. It attaches tokens only to
// https hosts, so over http a token goes as an explicit Authorization header. A request the
// client does not send (the admin API, HEAD) is written with fetch instead.
func JSClient(r Request, base string) string {
	t := parseTarget(r.Target)
	method := map[string]string{http.MethodGet: "get", http.MethodPost: "post", http.MethodPatch: "patch",
		http.MethodPut: "put", http.MethodDelete: "delete"}[r.Method]
	switch {
	case t.Version == "":
		return jsFetch(r, base, "This is not a Graph API request, so no Graph client sends it; with fetch:")
	case method == "":
		return jsFetch(r, base, "The Graph JS client sends no "+r.Method+"; with fetch:")
	}
	path := t.Path
	if path == "" {
		path = "/"
	}
	if t.Query != "" {
		path += "?" + t.Query
	}
	lines := []string{
		`// Graph JS client (npm @microsoft/microsoft-graph-client 3.x)`,
		`import { Client } from "@microsoft/microsoft-graph-client";`,
		`const client = Client.init({`,
		`  baseUrl: ` + strconv.Quote(base+t.Prefix) + `,`,
		`  authProvider: (done) => done(null, "any"), // tokens go to https hosts only: over http, send one as a header`,
		`});`,
		`const result = await client.api(` + strconv.Quote(path) + `)`,
		`  .version(` + strconv.Quote(t.Version) + `)`,
	}
	for _, h := range r.Headers {
		lines = append(lines, `  .header(`+strconv.Quote(h.Name)+`, `+strconv.Quote(h.Value)+`)`)
	}
	if r.Token != "" {
		lines = append(lines, `  .header("Authorization", `+strconv.Quote("Bearer "+r.Token)+`)`)
	}
	call := "  ." + method + "("
	if r.Body != "" && method != "get" && method != "delete" {
		call += jsValue(r.Body)
	}
	return strings.Join(append(lines, call+");"), "\n")
}

// jsValue is a body as a JavaScript argument: JSON is already a JavaScript expression (the client
// serializes it back); anything else goes as a string.
func jsValue(body string) string {
	if json.Valid([]byte(body)) {
		return strings.TrimSpace(body)
	}
	return strconv.Quote(body)
}

// jsFetch is the request with fetch, after a comment that says why.
func jsFetch(r Request, base, why string) string {
	var opts []string
	if r.Method != http.MethodGet {
		opts = append(opts, "method: "+strconv.Quote(r.Method))
	}
	var hdrs []string
	for _, h := range r.Headers {
		hdrs = append(hdrs, strconv.Quote(h.Name)+": "+strconv.Quote(h.Value))
	}
	if r.Token != "" {
		hdrs = append(hdrs, `"Authorization": `+strconv.Quote("Bearer "+r.Token))
	}
	if len(hdrs) > 0 {
		opts = append(opts, "headers: { "+strings.Join(hdrs, ", ")+" }")
	}
	if r.Body != "" {
		opts = append(opts, "body: "+strconv.Quote(r.Body))
	}
	call := "const response = await fetch(" + strconv.Quote(base+r.Target)
	if len(opts) > 0 {
		call += ", { " + strings.Join(opts, ", ") + " }"
	}
	return "// " + why + "\n" + call + ");"
}
