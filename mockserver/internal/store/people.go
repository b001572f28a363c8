package store

import "github.com/graphmock/graphmock/mockserver/internal/jsondoc"

// peopleOf lists the user ids of the people in a call record, each once, in the order met: the
// ids of organizer_v2 and participants_v2 and their identities' users, then the users of the
// deprecated organizer and participants members. A subscription filtered on
// participants/any(p:p/id eq '…') matches a change when the id is among them. Members that do not
// have the expected shape are passed over. It reads the stored JSON in place (a million
// participants are read at load), and the ids it keeps share the stored JSON's bytes (see
// jsondoc.StringShared).
func peopleOf(r *record) []string {
	var out []string
	var seen map[string]bool // from the 17th id on: a record has a few people, a meeting may have thousands
	add := func(v []byte) {
		id, ok := jsondoc.StringShared(v)
		if !ok || id == "" {
			return
		}
		if seen == nil {
			for _, s := range out {
				if s == id {
					return
				}
			}
			if len(out) == 16 {
				seen = make(map[string]bool, 64)
				for _, s := range out {
					seen[s] = true
				}
			}
		} else if seen[id] {
			return
		}
		if seen != nil {
			seen[id] = true
		}
		out = append(out, id)
	}
	user := func(identitySet []byte) { add(jsondoc.Member(jsondoc.Member(identitySet, "user"), "id")) }
	addPerson := func(raw []byte) {
		add(jsondoc.Member(raw, "id"))
		user(jsondoc.Member(raw, "identity"))
	}
	if len(r.organizer) > 0 {
		addPerson(r.organizer)
	}
	for _, p := range r.participants.list {
		addPerson(p.rawJSON())
	}
	raw := r.rawJSON()
	user(jsondoc.Member(raw, "organizer"))
	jsondoc.EachItem(jsondoc.Member(raw, "participants"), user)
	return out
}
