package console

import (
	"net/http"
	"strconv"
	"strings"
)

// builder is where a Graph path leads in the Graph SDK for Go's request builders: the call chain,
// the builder's type name (its configuration types are named after it), the model a POST or
// PATCH body is, and the methods it has.
type builder struct {
	chain, typ, model string
	methods           []string
	count             bool // a $count builder, whose query takes $filter and $search only
}

// sdkBuilder follows a Graph path through the SDK's builders; false when the SDK has no builder
// for it (an unknown segment, a route of the mock's own).
func sdkBuilder(path string) (builder, bool) {
	segs := segments(path)
	if len(segs) < 2 || segs[0] != "communications" || segs[1] != "callRecords" {
		return builder{}, false
	}
	get, post, item := []string{"Get"}, []string{"Get", "Post"}, []string{"Get", "Patch", "Delete"}
	b := builder{chain: "client.Communications().CallRecords()", typ: "CallRecords", model: "CallRecord", methods: post}
	state := "records"
	for _, s := range segs[2:] {
		next := func(call, typ, model string, methods []string, st string) {
			b.chain += call
			b.typ, b.methods, state = typ, methods, st
			if model != "" {
				b.model = model
			}
		}
		id := "(" + strconv.Quote(s) + ")"
		switch {
		case s == "$count" && (state == "records" || state == "sessions" || state == "segments" || state == "participants"):
			next(".Count()", b.typ+"Count", "", get, "count")
			b.count = true
		case state == "records":
			next(".ByCallRecordId"+id, "CallRecordsCallRecordItem", "", item, "record")
		case state == "record" && s == "sessions":
			next(".Sessions()", "CallRecordsItemSessions", "Session", post, "sessions")
		case state == "record" && s == "organizer_v2":
			next(".Organizer_v2()", "CallRecordsItemOrganizer_v2", "Organizer", item, "leaf")
		case state == "record" && s == "participants_v2":
			next(".Participants_v2()", "CallRecordsItemParticipants_v2", "Participant", post, "participants")
		case state == "sessions":
			next(".BySessionId"+id, "CallRecordsItemSessionsSessionItem", "", item, "session")
		case state == "session" && s == "segments":
			next(".Segments()", "CallRecordsItemSessionsItemSegments", "Segment", post, "segments")
		case state == "segments":
			next(".BySegmentId"+id, "CallRecordsItemSessionsItemSegmentsSegmentItem", "", item, "leaf")
		case state == "participants":
			next(".ByParticipantId"+id, "CallRecordsItemParticipants_v2ParticipantItem", "", item, "leaf")
		default:
			return builder{}, false
		}
	}
	return b, true
}

// sdkQuery turns query options into the SDK's QueryParameters fields, with the declarations they
// need; false when an option has no field (a $skiptoken, $format, a custom option, beta's
// options without '$'), in which case the snippet sends the URL as is (WithUrl).
func sdkQuery(query string, count bool) (fields, decls []string, ok bool) {
	for _, o := range options(query) {
		name := o.Name
		q := strconv.Quote(o.Value)
		switch {
		case name == "$filter":
			decls, fields = append(decls, "filter := "+q), append(fields, "Filter: &filter")
		case name == "$search":
			decls, fields = append(decls, "search := "+q), append(fields, "Search: &search")
		case count:
			return nil, nil, false
		case name == "$select" || name == "$expand" || name == "$orderby":
			items := splitTopLevel(o.Value)
			for i, it := range items {
				items[i] = strconv.Quote(it)
			}
			field := map[string]string{"$select": "Select", "$expand": "Expand", "$orderby": "Orderby"}[name]
			fields = append(fields, field+": []string{"+strings.Join(items, ", ")+"}")
		case name == "$top" || name == "$skip":
			n, err := strconv.ParseInt(o.Value, 10, 32)
			if err != nil {
				return nil, nil, false
			}
			v := name[1:]
			decls, fields = append(decls, v+" := int32("+strconv.FormatInt(n, 10)+")"), append(fields, strings.ToUpper(v[:1])+v[1:]+": &"+v)
		case name == "$count" && (o.Value == "true" || o.Value == "false"):
			decls, fields = append(decls, "count := "+o.Value), append(fields, "Count: &count")
		default:
			return nil, nil, false
		}
	}
	return fields, decls, true
}

// GoSDK is the request as Graph SDK for Go code (msgraph-sdk-go, or msgraph-beta-sdk-go for
// beta), for a client built as the README shows with its base URL at base plus the namespace
// prefix and version. A request the SDK has no builder for (the admin API, PUT, HEAD, a path
// Graph does not have) is written with net/http instead, and says why.
func GoSDK(r Request, base string) string {
	t := parseTarget(r.Target)
	b, ok := sdkBuilder(t.Path)
	method := strings.ToUpper(r.Method[:1]) + strings.ToLower(r.Method[1:])
	withURL := false
	switch {
	case t.Version == "":
		return goNetHTTP(r, base, "This is not a Graph API request, so no Graph SDK sends it; with net/http:")
	case r.Method == http.MethodHead || r.Method == http.MethodPut:
		return goNetHTTP(r, base, "The Graph SDK for Go sends no "+r.Method+" here; with net/http:")
	case !ok:
		// No builder for this path (an error case): send it as is through the collection's
		// builder, to see the SDK's *odataerrors.ODataError.
		b = builder{chain: "client.Communications().CallRecords()", typ: "CallRecords", model: "CallRecord", methods: []string{"Get", "Post"}}
		withURL = true
	}
	if !hasMethod(b.methods, method) {
		return goNetHTTP(r, base, "The Graph SDK for Go has no "+method+" for this path; with net/http:")
	}
	var fields, decls []string
	switch {
	case !withURL && method == "Get":
		fields, decls, ok = sdkQuery(t.Query, b.count)
		withURL = !ok
	case t.Query != "":
		withURL = true
	}
	var lines []string
	sdk := "msgraph-sdk-go"
	if t.Version == "beta" {
		sdk = "msgraph-beta-sdk-go"
	}
	lines = append(lines, "// Graph SDK for Go (github.com/microsoftgraph/"+sdk+"), its client built as the README shows,",
		"// with adapter.SetBaseUrl("+strconv.Quote(base+t.Prefix+"/"+t.Version)+").")
	lines = append(lines, decls...)
	var hdrs []string
	for _, h := range r.Headers {
		switch strings.ToLower(h.Name) {
		case "authorization", "content-type", "content-encoding", "accept":
			continue // the SDK's auth provider, serializer and middleware send their own
		}
		hdrs = append(hdrs, "headers.Add("+strconv.Quote(h.Name)+", "+strconv.Quote(h.Value)+")")
	}
	if len(hdrs) > 0 {
		lines = append(lines, "headers := abstractions.NewRequestHeaders() // github.com/microsoft/kiota-abstractions-go")
		lines = append(lines, hdrs...)
	}
	config := "nil"
	if len(hdrs) > 0 || len(fields) > 0 {
		var parts []string
		if len(hdrs) > 0 {
			parts = append(parts, "Headers: headers")
		}
		if len(fields) > 0 && !withURL {
			parts = append(parts, "QueryParameters: &communications."+b.typ+"RequestBuilderGetQueryParameters{"+strings.Join(fields, ", ")+"}")
		}
		lines = append(lines, "config := &communications."+b.typ+"RequestBuilder"+method+"RequestConfiguration{"+strings.Join(parts, ", ")+"}")
		config = "config"
	}
	call := b.chain
	if withURL {
		call += ".WithUrl(" + strconv.Quote(base+r.Target) + ")"
	}
	args := "ctx, " + config
	if method == "Post" || method == "Patch" {
		lines = append(lines, goBody(r.Body, b.model)...)
		args = "ctx, body, " + config
	}
	if method == "Delete" {
		lines = append(lines, "err := "+call+".Delete("+args+")")
	} else {
		lines = append(lines, "result, err := "+call+"."+method+"("+args+")")
	}
	lines = append(lines, "if err != nil {", "\treturn err // an *odataerrors.ODataError for Graph's error envelope", "}")
	return strings.Join(lines, "\n")
}

// goBody parses a JSON body into the SDK's model with kiota's JSON parse node.
func goBody(body, model string) []string {
	lit := "`" + body + "`"
	if body == "" || strings.Contains(body, "`") {
		lit = strconv.Quote(body)
	}
	return []string{
		"node, err := jsonserialization.NewJsonParseNode([]byte(" + lit + ")) // github.com/microsoft/kiota-serialization-json-go",
		"if err != nil {", "\treturn err", "}",
		"parsed, err := node.GetObjectValue(callrecords.Create" + model + "FromDiscriminatorValue) // .../models/callrecords",
		"if err != nil {", "\treturn err", "}",
		"body := parsed.(callrecords." + model + "able)",
	}
}

// goNetHTTP is the request with net/http, after a comment that says why.
func goNetHTTP(r Request, base, why string) string {
	body := "nil"
	if r.Body != "" {
		body = "strings.NewReader(" + strconv.Quote(r.Body) + ")"
	}
	lines := []string{"// " + why,
		"req, err := http.NewRequestWithContext(ctx, " + strconv.Quote(r.Method) + ", " + strconv.Quote(base+r.Target) + ", " + body + ")",
		"if err != nil {", "\treturn err", "}"}
	for _, h := range r.Headers {
		lines = append(lines, "req.Header.Add("+strconv.Quote(h.Name)+", "+strconv.Quote(h.Value)+")")
	}
	if r.Token != "" {
		lines = append(lines, "req.Header.Set(\"Authorization\", "+strconv.Quote("Bearer "+r.Token)+")")
	}
	return strings.Join(append(lines, "resp, err := http.DefaultClient.Do(req)"), "\n")
}

func hasMethod(methods []string, m string) bool {
	for _, x := range methods {
		if x == m {
			return true
		}
	}
	return false
}
