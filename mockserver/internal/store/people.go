package store

import "encoding/json"

// identitySet is the part of Graph's identitySet a filtered subscription looks at: the user.
type identitySet struct {
	User *struct {
		ID string `json:"id"`
	} `json:"user"`
}

// person is a participant_v2 or organizer_v2: its id and its identity.
type person struct {
	ID       string      `json:"id"`
	Identity identitySet `json:"identity"`
}

// peopleOf lists the user ids of the people in a call record, each once, in the order met: the
// ids of organizer_v2 and participants_v2 and their identities' users, then the users of the
// deprecated organizer and participants members. A subscription filtered on
// participants/any(p:p/id eq '…') matches a change when the id is among them. Members that do not
// have the expected shape are passed over.
func peopleOf(rd RecordData) []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	addPerson := func(raw []byte) {
		var p person
		if json.Unmarshal(raw, &p) == nil {
			add(p.ID)
			if p.Identity.User != nil {
				add(p.Identity.User.ID)
			}
		}
	}
	if len(rd.Organizer) > 0 {
		addPerson(rd.Organizer)
	}
	for _, p := range rd.Participants {
		addPerson(p.object().Raw)
	}
	obj := rd.object()
	var org identitySet
	if raw := obj.Get("organizer"); raw != nil && json.Unmarshal(raw, &org) == nil && org.User != nil {
		add(org.User.ID)
	}
	var parts []identitySet
	if raw := obj.Get("participants"); raw != nil && json.Unmarshal(raw, &parts) == nil {
		for _, p := range parts {
			if p.User != nil {
				add(p.User.ID)
			}
		}
	}
	return out
}
