package resources

import (
	"fmt"
	"net/http"
	"strings"

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

// newSegmentEntry validates (unless the server was told not to) a segment's JSON, puts it in
// Graph's canonical form (canon) and reads the times the store needs. posted (nil: none) is what
// the validator's one pass said of a body it took as it came: then it is not checked again, and
// when it is canonical it is neither walked nor read again for its times.
func newSegmentEntry(rq *Request, id string, obj object, posted *postedSegment) (store.Entry, error) {
	if posted != nil && posted.ok {
		return posted.entry(id, obj)
	}
	if rq.Config.Validate {
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
	return timedEntry(id, obj, obj.Get("startDateTime"), obj.Get("endDateTime"))
}

// timedEntry is the store entry of a segment with the values of its times as written (nil:
// absent); a time that is not one, or an end before the start, is a field error.
func timedEntry(id string, obj object, start, end []byte) (store.Entry, error) {
	e := store.Entry{ID: id, Obj: obj}
	var err error
	if e.Start, err = store.TimeValue("startDateTime", start); err != nil {
		return store.Entry{}, fieldError("/startDateTime", err.Error())
	}
	if e.End, err = store.TimeValue("endDateTime", end); err != nil {
		return store.Entry{}, fieldError("/endDateTime", err.Error())
	}
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		return store.Entry{}, fieldError("/endDateTime", fmt.Sprintf("endDateTime %s is before startDateTime %s.", store.FormatTime(e.End), store.FormatTime(e.Start)))
	}
	return e, nil
}

// CREATESegment serves POST …/sessions/{sid}/segments: 201 with the stored segment and its
// Location; a GUID id is generated when the body has none.
func CreateSegment(rq *Request) (Response, error) {
	if _, err := rq.parse(0, model.Segment()); err != nil {
		return Response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return Response{}, err
	}
	var posted *postedSegment
	var accept func([]byte, int) bool
	if rq.Config.Validate {
		v, err := validate.Shared()
		if err != nil {
			return Response{}, err
		}
		posted = &postedSegment{}
		accept = posted.acceptWith(v)
	}
	doc, err := rq.Body.ReadCreated(accept)
	if err != nil {
		return Response{}, err
	}
	id, hasID, err := posted.id(doc)
	if err != nil {
		return Response{}, err
	}
	if !hasID {
		id = rq.IDs.Next()
	}
	// A segment without an id is checked and made canonical as sent: the schema's id is an
	// optional string, so the generated one changes no verdict and no other member.
	seg, err := newSegmentEntry(rq, id, doc, posted)
	if err != nil {
		return Response{}, err
	}
	if !hasID {
		seg.Obj = withIDFirst(rq, seg.Obj, id)
	}
	if err := rq.Store.CreateSegment(rid, sid, seg); err != nil {
		return Response{}, err
	}
	resp := segmentResponse(rq, http.StatusCreated, rid, sid, seg.Obj)
	resp.Location = rq.Base + strings.TrimPrefix(rq.HTTP.URL.EscapedPath(), "/"+rq.Version) + "/" + odata.PathSegment(id)
	return resp, nil
}

// UPDATESegment serves PATCH …/segments/{id} with Graph's PATCH semantics: members in the doc
// replace the stored ones (a complex value whole), absent members stay. The merged segment is
// validated before it is stored. 200 with the result, or 204 with Prefer: return=minimal.
func UpdateSegment(rq *Request) (Response, error) {
	if _, err := rq.parse(0, model.Segment()); err != nil {
		return Response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return Response{}, err
	}
	patch, err := rq.Body.ReadBody()
	if err != nil {
		return Response{}, err
	}
	if v := patch.Get("id"); v != nil {
		if id, ok := patch.GetString("id"); !ok || id != gid {
			return Response{}, fieldError("/id", fmt.Sprintf("The id %s in the body does not match the segment id '%s' in the URL.", v, gid))
		}
	}
	merge := func(prev object) (store.Entry, error) { return newSegmentEntry(rq, gid, prev.With(patch), nil) }
	var next *store.Entry
	for attempt := 0; next == nil; attempt++ {
		if attempt == optimisticPatches {
			stored, err := rq.Store.UpdateSegmentLocked(rid, sid, gid, merge)
			if err != nil {
				return Response{}, err
			}
			next = &stored
			break
		}
		prev, err := rq.Store.Segment(rid, sid, gid)
		if err != nil {
			return Response{}, err
		}
		candidate, err := merge(prev)
		if err != nil {
			return Response{}, err
		}
		stored, err := rq.Store.ReplaceSegment(rid, sid, prev, candidate)
		if err != nil {
			return Response{}, err
		}
		if stored {
			next = &candidate
		}
	}
	if rq.Prefs.ReturnMinimal {
		resp := Response{Status: http.StatusNoContent}
		resp.SetHeader("Preference-Applied", "return=minimal")
		return resp, nil
	}
	return segmentResponse(rq, http.StatusOK, rid, sid, next.Obj), nil
}

// DELETESegment serves DELETE …/segments/{id}: 204, and later reads give 404.
func DeleteSegment(rq *Request) (Response, error) {
	if _, err := rq.parse(0, model.Segment()); err != nil {
		return Response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return Response{}, err
	}
	if err := rq.Store.DeleteSegment(rid, sid, gid); err != nil {
		return Response{}, err
	}
	return Response{Status: http.StatusNoContent}, nil
}

// segmentResponse renders one segment with its @odata.context.
func segmentResponse(rq *Request, status int, rid, sid string, obj object) Response {
	b := jsondoc.AppendMember(append(rq.buffer(), '{'), "@odata.context")
	b = odata.AppendSegmentsContext(b, rq.Base, rid, sid, nil, "/$entity")
	b = rq.out().Fields(b, model.Segment(), obj, nil)
	return Response{Status: status, Body: append(b, '}')}
}

// withIDFirst returns obj, a segment read from the request's body, with "id" set to id as its
// first member: in the buffer the body was read into when obj is still the body as sent (see
// BodyReader), so a created segment is stored without a copy. The result is kept unindexed, as
// the store keeps segments: reading members scans it again.
func withIDFirst(rq *Request, obj object, id string) object {
	return object{Raw: rq.Body.WithFirst(obj.Raw, "id", id), Evolvable: obj.Evolvable}
}
