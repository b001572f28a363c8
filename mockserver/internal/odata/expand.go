package odata

import (
	"slices"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// ExpandItem is one $expand entry: a navigation property and the options nested in its
// parentheses, `sessions($select=id;$expand=segments)`.
type ExpandItem struct {
	// Name is the navigation property, checked against the entity type.
	Name string
	// Select lists the nested $select properties; nil selects all.
	Select []string
	// Expand lists the nested $expand items.
	Expand []ExpandItem
}

// Selected reports whether a member should be written under $select (nil selects all).
// Instance annotations such as @odata.type always are, as Graph writes them.
func Selected(selects []string, name string) bool {
	if selects == nil || strings.HasPrefix(name, "@") {
		return true
	}
	return slices.Contains(selects, name)
}

// parseSelect checks a $select list against the type's properties.
func parseSelect(value string, t model.EntityType) ([]string, error) {
	if strings.TrimSpace(value) == "" {
		return nil, errorf("The $select option is empty.")
	}
	var out []string
	for _, p := range strings.Split(value, ",") {
		p = strings.TrimSpace(p)
		if p == "*" {
			return nil, nil
		}
		if !t.HasProperty(p) && !t.HasNavigation(p) {
			return nil, errorf("Could not find a property named '%s' on type '%s'.", p, t.Name())
		}
		out = append(out, p)
	}
	return out, nil
}

// parseExpand parses `a`, `a($expand=b)`, `a($select=x,y;$expand=b)`, comma-separated, checking
// each name against the type's navigation properties.
func parseExpand(value string, t model.EntityType) ([]ExpandItem, error) {
	items, err := splitTopLevel(value, ',')
	if err != nil {
		return nil, err
	}
	var out []ExpandItem
	for _, it := range items {
		it = strings.TrimSpace(it)
		name, inner := it, ""
		if i := strings.IndexByte(it, '('); i >= 0 {
			if !strings.HasSuffix(it, ")") {
				return nil, errorf("Syntax error in $expand: '%s' has no closing parenthesis.", it)
			}
			name, inner = strings.TrimSpace(it[:i]), it[i+1:len(it)-1]
		}
		if name == "" {
			return nil, errorf("Syntax error in $expand: empty item in '%s'.", value)
		}
		if name == "*" {
			return nil, errorf("$expand=* is not supported; name the relationship to expand.")
		}
		if !t.HasNavigation(name) {
			if t.HasProperty(name) {
				return nil, errorf("Property '%s' on type '%s' is not a navigation property or complex property. Only navigation properties can be expanded.", name, t.Name())
			}
			return nil, errorf("Could not find a property named '%s' on type '%s'.", name, t.Name())
		}
		item := ExpandItem{Name: name}
		if inner != "" {
			if err := item.parseNested(inner, model.NavigationTarget(name)); err != nil {
				return nil, err
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// parseNested parses the `;`-separated options inside an $expand item's parentheses.
func (it *ExpandItem) parseNested(inner string, t model.EntityType) error {
	parts, err := splitTopLevel(inner, ';')
	if err != nil {
		return err
	}
	for _, p := range parts {
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok {
			return errorf("Syntax error in $expand: '%s' inside '%s(...)' is not an option.", p, it.Name)
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "$expand", "expand":
			if it.Expand, err = parseExpand(value, t); err != nil {
				return err
			}
		case "$select", "select":
			if it.Select, err = parseSelect(value, t); err != nil {
				return err
			}
		default:
			return errorf("The query option '%s' is not supported inside $expand.", name)
		}
	}
	return nil
}

// splitTopLevel splits s on sep outside parentheses and quotes.
func splitTopLevel(s string, sep byte) ([]string, error) {
	var out []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return nil, errorf("Syntax error: unbalanced ')' in '%s'.", s)
			}
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if depth != 0 || inQuote {
		return nil, errorf("Syntax error: unbalanced parentheses or quotes in '%s'.", s)
	}
	return append(out, s[start:]), nil
}

// ExpandOption writes expand items back as an $expand value, nested options included:
// `segments($select=id,startDateTime)`, so that a link keeps the shape of the expanded items.
func ExpandOption(items []ExpandItem) string {
	parts := make([]string, len(items))
	for i, e := range items {
		var nested []string
		if len(e.Select) > 0 {
			nested = append(nested, "$select="+strings.Join(e.Select, ","))
		}
		if len(e.Expand) > 0 {
			nested = append(nested, "$expand="+ExpandOption(e.Expand))
		}
		parts[i] = e.Name
		if len(nested) > 0 {
			parts[i] += "(" + strings.Join(nested, ";") + ")"
		}
	}
	return strings.Join(parts, ",")
}
