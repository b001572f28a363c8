package resources

import (
	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// postedSegment is what the validator's one pass (validate.Validator.Accept) said of a POSTed
// segment's body as it came: a client's compact body is then validated, judged canonical and
// searched for the members the store reads in that one pass, where it was scanned, validated,
// walked by canon and searched again. A body it does not take goes the usual way.
type postedSegment struct {
	ok      bool
	verdict canon.Verdict
	members [3]jsondoc.Field // id, startDateTime, endDateTime as written (nil: absent)
}

// acceptWith returns the accept function for BodyReader.ReadCreated that asks v.
func (p *postedSegment) acceptWith(v *validate.Validator) func([]byte, int) bool {
	p.members = [3]jsondoc.Field{{Name: "id"}, {Name: "startDateTime"}, {Name: "endDateTime"}}
	return func(raw []byte, maxDepth int) bool {
		p.ok, p.verdict = v.Accept(model.Segment(), raw, maxDepth, p.members[:])
		return p.ok
	}
}

// id reads the body's id (p may be nil): hasID is false when it has none; one that is not a
// non-empty string is a field error.
func (p *postedSegment) id(doc object) (id string, hasID bool, err error) {
	if p != nil && p.ok {
		v := p.members[0].Value
		if v == nil {
			return "", false, nil
		}
		id, hasID = jsondoc.StringValue(v) // the schema made it a string
	} else {
		id, hasID = doc.GetString("id")
		if doc.Get("id") == nil {
			return "", false, nil
		}
	}
	if !hasID || id == "" {
		return "", false, fieldError("/id", "id must be a non-empty string.")
	}
	return id, true, nil
}

// entry makes the store entry of an accepted body, obj: as it is when the verdict says it is
// canonical, else made canonical (it has no control annotations: the closed schema refuses them).
func (p *postedSegment) entry(id string, obj object) (store.Entry, error) {
	start, end := p.members[1].Value, p.members[2].Value
	if p.verdict.Canonical {
		obj.Evolvable = p.verdict.Evolvable
	} else {
		var err error
		if obj, err = canon.CanonicalClean(model.Segment(), obj); err != nil {
			return store.Entry{}, err
		}
		start, end = obj.Get("startDateTime"), obj.Get("endDateTime")
	}
	return timedEntry(id, obj, start, end)
}
