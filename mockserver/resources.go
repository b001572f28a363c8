package mockserver

import "github.com/graphmock/graphmock/mockserver/internal/resources"

// res adapts a handler of the callRecords tree (internal/resources) to the route table: it reads
// the request through a resources.Request kept inside the pooled request, so the call
// allocates nothing, and hands back its answer for the adapter to write.
func res(h func(*resources.Request) (resources.Response, error)) func(*Server, *request) (response, error) {
	return func(s *Server, rq *request) (response, error) {
		rq.res = resources.Request{
			HTTP: rq.http, Version: rq.version, Base: rq.base, Prefs: rq.prefs, Vars: rq.vars,
			Store: rq.ns.store, Buf: rq.buffer(), IDs: s.ids, Body: rq,
			Config: resources.Config{PageSize: s.cfg.pageSize, Validate: s.cfg.validate},
		}
		r, err := h(&rq.res)
		return response{status: r.Status, body: r.Body, contentType: r.ContentType, header: r.Header, location: r.Location}, err
	}
}
