package scenario

// idSet is the ids met so far among the children of one parent, for reporting a repeated one.
// Most parents have a few children, searched in order; a parent announced with more than
// idSetList of them gets a map. It is reset and reused from parent to parent, so a million
// parents of a few children each cost no allocation each.
type idSet struct {
	list []string
	m    map[string]bool
}

// idSetList is how many children a parent may have for its ids to be searched in order.
const idSetList = 16

// reset empties the set for a parent of about n children.
func (s *idSet) reset(n int) {
	clear(s.list) // the ids point into stored JSON: hold none past their parent
	s.list, s.m = s.list[:0], nil
	if n > idSetList {
		s.m = make(map[string]bool, n)
	}
}

// has reports whether id was added since the last reset.
func (s *idSet) has(id string) bool {
	if s.m != nil {
		return s.m[id]
	}
	for _, v := range s.list {
		if v == id {
			return true
		}
	}
	return false
}

// add adds id.
func (s *idSet) add(id string) {
	if s.m != nil {
		s.m[id] = true
		return
	}
	s.list = append(s.list, id)
}
