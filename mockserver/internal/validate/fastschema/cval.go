package fastschema

import (
	"encoding/json"
	"fmt"
)

// cval is a compiled const or enum member.
type cval struct {
	kind kind
	str  string
	num  decimal
	arr  []cval
	obj  map[string]cval
}

func newCval(v any) (cval, error) {
	switch v := v.(type) {
	case nil:
		return cval{kind: kNull}, nil
	case bool:
		if v {
			return cval{kind: kTrue}, nil
		}
		return cval{kind: kFalse}, nil
	case string:
		return cval{kind: kString, str: v}, nil
	case json.Number:
		d, ok := parseDecimal([]byte(v.String()), nil)
		if !ok {
			return cval{}, fmt.Errorf("the number %s is out of the supported range", v)
		}
		return cval{kind: kNumber, num: d}, nil
	case []any:
		out := cval{kind: kArray, arr: make([]cval, len(v))}
		for i, x := range v {
			cv, err := newCval(x)
			if err != nil {
				return cval{}, err
			}
			out.arr[i] = cv
		}
		return out, nil
	case map[string]any:
		out := cval{kind: kObject, obj: make(map[string]cval, len(v))}
		for k, x := range v {
			cv, err := newCval(x)
			if err != nil {
				return cval{}, err
			}
			out.obj[k] = cv
		}
		return out, nil
	}
	return cval{}, fmt.Errorf("unexpected value %T", v)
}
