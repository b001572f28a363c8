package schemas

// Branch is an if/then entry of a definition's allOf: how the schemas choose a derived type by
// @odata.type. Type is the @odata.type value its if tests for as a const ("" when it tests none);
// Base says the branch also applies to a value without @odata.type (its if does not require the
// member, or requires it only under not), so that its then's properties belong to the base too.
type Branch struct {
	Then map[string]any
	Type string
	Base bool
}

// Branches lists the if/then entries of def's allOf (a $defs entry decoded by Defs), in order:
// the one reading of polymorphic positions that the packages deriving tables from the schemas
// share.
func Branches(def map[string]any) []Branch {
	entries, _ := def["allOf"].([]any)
	var out []Branch
	for _, e := range entries {
		m, _ := e.(map[string]any)
		cond, _ := m["if"].(map[string]any)
		then, _ := m["then"].(map[string]any)
		if cond == nil || then == nil {
			continue
		}
		props, _ := cond["properties"].(map[string]any)
		t, _ := props["@odata.type"].(map[string]any)
		c, _ := t["const"].(string)
		_, required := cond["required"]
		out = append(out, Branch{Then: then, Type: c, Base: !required || cond["not"] != nil})
	}
	return out
}
