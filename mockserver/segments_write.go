package mockserver

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// The segment write handlers. Graph's CSDL lets the SDKs generate POST, PATCH and DELETE for
// segments; graphmock serves them so tests can seed and change data through the same client
// they read with. Every body is validated completely before anything changes: a rejected write
// changes nothing.

// optimisticPatches is how often a PATCH merges and validates outside the store lock before it
// falls back to doing so under the lock, which always succeeds (no accepted write is refused
// because others kept winning the race).
const optimisticPatches = 3

// newSegmentEntry validates a segment's JSON, puts it in Graph's canonical form (canon) and reads
// the times the store needs.
func (s *Server) newSegmentEntry(id string, obj object) (store.Entry, error) {
	if s.cfg.validate {
		v, err := validate.Shared()
		if err != nil {
			return store.Entry{}, err
		}
		if err := v.CheckBody(model.Segment(), obj.Raw); err != nil {
			return store.Entry{}, err
		}
	}
	obj, err := canon.Canonical(model.Segment(), obj)
	if err != nil {
		return store.Entry{}, err
	}
	e := store.Entry{ID: id, Obj: obj}
	if e.Start, err = store.TimeMember(obj, "startDateTime"); err != nil {
		return store.Entry{}, badField("/startDateTime", err.Error())
	}
	if e.End, err = store.TimeMember(obj, "endDateTime"); err != nil {
		return store.Entry{}, badField("/endDateTime", err.Error())
	}
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		return store.Entry{}, badField("/endDateTime", fmt.Sprintf("endDateTime %s is before startDateTime %s.", store.FormatTime(e.End), store.FormatTime(e.Start)))
	}
	return e, nil
}

// createSegment serves POST …/sessions/{sid}/segments: 201 with the stored segment and its
// Location; a GUID id is generated when the body has none.
func (s *Server) createSegment(rq *request) (response, error) {
	if _, err := rq.parse(0, model.Segment()); err != nil {
		return response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return response{}, err
	}
	doc, err := s.readBody(rq)
	if err != nil {
		return response{}, err
	}
	id, hasID := doc.GetString("id")
	if doc.Get("id") != nil && (!hasID || id == "") {
		return response{}, badField("/id", "id must be a non-empty string.")
	}
	if !hasID {
		id = s.ids.Next()
		doc = withIDFirst(doc, id)
	}
	seg, err := s.newSegmentEntry(id, doc)
	if err != nil {
		return response{}, err
	}
	if err := rq.ns.store.CreateSegment(rid, sid, seg); err != nil {
		return response{}, err
	}
	resp := segmentResponse(rq, http.StatusCreated, rid, sid, seg.Obj)
	resp.setHeader("Location", rq.base+strings.TrimPrefix(rq.http.URL.EscapedPath(), "/"+rq.version)+"/"+odata.PathSegment(id))
	return resp, nil
}

// updateSegment serves PATCH …/segments/{id} with Graph's PATCH semantics: members in the doc
// replace the stored ones (a complex value whole), absent members stay. The merged segment is
// validated before it is stored. 200 with the result, or 204 with Prefer: return=minimal.
func (s *Server) updateSegment(rq *request) (response, error) {
	if _, err := rq.parse(0, model.Segment()); err != nil {
		return response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return response{}, err
	}
	patch, err := s.readBody(rq)
	if err != nil {
		return response{}, err
	}
	if v := patch.Get("id"); v != nil {
		if id, ok := patch.GetString("id"); !ok || id != gid {
			return response{}, badField("/id", fmt.Sprintf("The id %s in the body does not match the segment id '%s' in the URL.", v, gid))
		}
	}
	merge := func(prev object) (store.Entry, error) { return s.newSegmentEntry(gid, prev.With(patch)) }
	var next *store.Entry
	for attempt := 0; next == nil; attempt++ {
		if attempt == optimisticPatches {
			stored, err := rq.ns.store.UpdateSegmentLocked(rid, sid, gid, merge)
			if err != nil {
				return response{}, err
			}
			next = &stored
			break
		}
		prev, err := rq.ns.store.Segment(rid, sid, gid)
		if err != nil {
			return response{}, err
		}
		candidate, err := merge(prev)
		if err != nil {
			return response{}, err
		}
		stored, err := rq.ns.store.ReplaceSegment(rid, sid, prev, candidate)
		if err != nil {
			return response{}, err
		}
		if stored {
			next = &candidate
		}
	}
	if rq.prefs.ReturnMinimal {
		resp := response{status: http.StatusNoContent}
		resp.setHeader("Preference-Applied", "return=minimal")
		return resp, nil
	}
	return segmentResponse(rq, http.StatusOK, rid, sid, next.Obj), nil
}

// deleteSegment serves DELETE …/segments/{id}: 204, and later reads give 404.
func (s *Server) deleteSegment(rq *request) (response, error) {
	if _, err := rq.parse(0, model.Segment()); err != nil {
		return response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return response{}, err
	}
	if err := rq.ns.store.DeleteSegment(rid, sid, gid); err != nil {
		return response{}, err
	}
	return response{status: http.StatusNoContent}, nil
}

// segmentResponse renders one segment with its @odata.context.
func segmentResponse(rq *request, status int, rid, sid string, obj object) response {
	b := jsondoc.AppendMember(append(rq.buffer(), '{'), "@odata.context")
	b = odata.AppendSegmentsContext(b, rq.base, rid, sid, nil, "/$entity")
	b = rq.out().Fields(b, model.Segment(), obj, nil)
	return response{status: status, body: append(b, '}')}
}

// withIDFirst returns obj with "id" set to id as its first member.
func withIDFirst(obj object, id string) object {
	var buf [64]byte // a generated id fits: the value is copied, so it stays on the stack
	return obj.WithFirst("id", jsondoc.AppendString(buf[:0], id))
}

// readBody reads a write's JSON body within the server's body limit (Sidecar.MaxBodyBytes), with
// a reader (scanner and gzip decompressor) from the server's pool, without the control
// annotations (@odata.context, ...) of a body the client read before. The body is read into one
// buffer, which the journal keeps (decompressed, not inflated again) and the store shares when
// the body was compact JSON.
func (s *Server) readBody(rq *request) (object, error) {
	h, rd := rq.http.Header, s.readers.Get().(*body.Reader)
	rq.capture.Claim()
	obj, got, err := rd.ReadJSON(h.Get("Content-Type"), h.Get("Content-Encoding"), rq.http.Body, rq.http.ContentLength, s.cfg.maxBodyBytes)
	s.readers.Put(rd)
	rq.capture.Keep(got.Sent, got.Plain)
	return canon.WithoutControl(obj), err
}
