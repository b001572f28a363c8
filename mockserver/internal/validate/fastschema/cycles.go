package fastschema

import "sort"

// checkCycles rejects schemas that apply themselves to the same value without end through the
// in-place applicators $ref, allOf, if, then, else and not: evaluating them would never
// terminate.
func checkCycles(defs map[string]map[string]*schema) error {
	const (
		white = iota
		grey
		black
	)
	color := map[*schema]int{}
	var visit func(s *schema) error
	visit = func(s *schema) error {
		switch color[s] {
		case grey:
			return &Error{Loc: s.loc, Msg: "the schema applies itself to the same value in a loop (through $ref, allOf, if, then, else or not)"}
		case black:
			return nil
		}
		color[s] = grey
		next := append([]*schema{s.ref, s.not, s.ifS, s.thenS, s.elseS}, s.allOf...)
		for _, n := range next {
			if n != nil {
				if err := visit(n); err != nil {
					return err
				}
			}
		}
		color[s] = black
		return nil
	}
	// Every schema reachable through in-place applicators from any definition is checked;
	// properties, items and unevaluatedProperties move to another value, so they are walked
	// from fresh starting points.
	var all []*schema
	seen := map[*schema]bool{}
	var collect func(s *schema)
	collect = func(s *schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		all = append(all, s)
		for _, p := range s.propList {
			collect(p.s)
		}
		for _, n := range append([]*schema{s.ref, s.not, s.ifS, s.thenS, s.elseS, s.items, s.uneval}, s.allOf...) {
			collect(n)
		}
	}
	files := make([]string, 0, len(defs))
	for f := range defs {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		names := make([]string, 0, len(defs[f]))
		for n := range defs[f] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			collect(defs[f][n])
		}
	}
	for _, s := range all {
		if err := visit(s); err != nil {
			return err
		}
	}
	return nil
}
