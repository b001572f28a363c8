package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// scanManyKeys is an object body with n distinct members k0..k(n-1) (n above jsonScanHashAt puts the
// object on the hashed duplicate check), followed by extra.
func scanManyKeys(n int, extra string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	b.WriteString(extra)
	b.WriteString("}")
	return b.String()
}

type scanValidCase struct {
	name     string
	in       string
	maxDepth int
	compact  string
	isObject bool
	fields   []string // name=value pairs of the top-level members
}

func scanValidCases() []scanValidCase {
	return []scanValidCase{
		{"empty object", `{}`, 64, `{}`, true, nil},
		{"spaced empty object", " \t\r\n{ \n }\n", 64, `{}`, true, nil},
		{"members", ` { "a" : 1 , "b" : [ 1 , 2 ] , "c" : { } } `, 64, `{"a":1,"b":[1,2],"c":{}}`, true,
			[]string{"a=1", "b=[1,2]", "c={}"}},
		{"string keeps inner spaces", `{ "a b" : " x  y " }`, 64, `{"a b":" x  y "}`, true, []string{`a b=" x  y "`}},
		{"escapes kept verbatim", `{"\u0061b" : "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, 64,
			`{"\u0061b":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, true, []string{`ab="\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"`}},
		{"escaped names unescape", `{"\n\t\"\\\/":1,"\ud83d\ude00":2,"\u00E9":3}`, 64, `{"\n\t\"\\\/":1,"\ud83d\ude00":2,"\u00E9":3}`, true,
			[]string{"\n\t\"\\/=1", "\U0001F600=2", "é=3"}},
		{"raw unicode", "{\"é\" : \"日本\u2028\"}", 64, "{\"é\":\"日本\u2028\"}", true, []string{"é=\"日本\u2028\""}},
		{"names are case sensitive", `{"a":1,"A":2}`, 64, `{"a":1,"A":2}`, true, []string{"a=1", "A=2"}},
		{"same name in sibling objects", `{"a":{"a":1},"b":{"a":2,"b":[{"a":3},{"a":4}]}}`, 64,
			`{"a":{"a":1},"b":{"a":2,"b":[{"a":3},{"a":4}]}}`, true, []string{`a={"a":1}`, `b={"a":2,"b":[{"a":3},{"a":4}]}`}},
		{"escaped name differs", `{"a":1,"\u0062":2}`, 64, `{"a":1,"\u0062":2}`, true, []string{"a=1", "b=2"}},
		{"numbers", `[0,-0,1,-12,0.5,-0.25e10,1E+2,3e-07,123456789012345678901234567890]`, 64,
			`[0,-0,1,-12,0.5,-0.25e10,1E+2,3e-07,123456789012345678901234567890]`, false, nil},
		{"literals", `[ true , false , null ]`, 64, `[true,false,null]`, false, nil},
		{"top-level string", ` "s" `, 64, `"s"`, false, nil},
		{"top-level number", "\n-1.5e3\n", 64, `-1.5e3`, false, nil},
		{"top-level null", `null`, 64, `null`, false, nil},
		{"empty array", `[ ]`, 64, `[]`, false, nil},
		{"nested empties", ` [ { } , [ ] ] `, 64, `[{},[]]`, false, nil},
		{"depth at the limit", `[[[]]]`, 3, `[[[]]]`, false, nil},
		{"object depth at the limit", `{"a":{"b":[]}}`, 3, `{"a":{"b":[]}}`, true, []string{`a={"b":[]}`}},
		{"hashed object", scanManyKeys(40, ""), 64, scanManyKeys(40, ""), true, nil},
		{"two hashed objects", `{"o1":` + scanManyKeys(20, "") + `,"o2":` + scanManyKeys(30, "") + `}`, 64,
			`{"o1":` + scanManyKeys(20, "") + `,"o2":` + scanManyKeys(30, "") + `}`, true,
			[]string{"o1=" + scanManyKeys(20, ""), "o2=" + scanManyKeys(30, "")}},
		{"hashed nested in hashed", scanManyKeys(20, `,"in":`+scanManyKeys(20, `,"k20":1`)), 64,
			scanManyKeys(20, `,"in":`+scanManyKeys(20, `,"k20":1`)), true, nil},
		{"no depth limit", strings.Repeat("[", 500) + strings.Repeat("]", 500), 0,
			strings.Repeat("[", 500) + strings.Repeat("]", 500), false, nil},
	}
}

type scanInvalidCase struct {
	name     string
	in       string
	maxDepth int
	msg      string // fragment of the message
	offset   int
}

func scanInvalidCases() []scanInvalidCase {
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	return []scanInvalidCase{
		{"empty", ``, 64, "unexpected end of input", 0},
		{"only spaces", "  \n", 64, "unexpected end of input", 3},
		{"open object", `{`, 64, "unexpected end of input", 1},
		{"open member", `{"a":`, 64, "unexpected end of input", 5},
		{"open array", `[1, `, 64, "unexpected end of input", 4},
		{"open string", `{"abc`, 64, "unexpected end of input", 5},
		{"trailing comma in object", `{"a":1,}`, 64, "invalid character '}' looking for beginning of object key string", 7},
		{"trailing comma in array", `[1,]`, 64, "invalid character ']' looking for beginning of value", 3},
		{"missing value", `{"startDateTime": }`, 64, "invalid character '}' looking for beginning of value", 18},
		{"missing colon", `{"a" 1}`, 64, "invalid character '1' after object key", 5},
		{"missing comma in object", `{"a":1 "b":2}`, 64, "invalid character '\"' after object key:value pair", 7},
		{"missing comma in array", `[1 2]`, 64, "invalid character '2' after array element", 3},
		{"unquoted key", `{a:1}`, 64, "invalid character 'a' looking for beginning of object key string", 1},
		{"single quoted key", `{'a':1}`, 64, `invalid character '\'' looking for beginning of object key string`, 1},
		{"number key", `{1:2}`, 64, "looking for beginning of object key string", 1},
		{"trailing data", `{"a":1}x`, 64, "unexpected data after the top-level value", 7},
		{"two objects", "{} \n{}", 64, "unexpected data after the top-level value", 4},
		{"leading zero", `01`, 64, "unexpected data after the top-level value", 1},
		{"leading zero in array", `[01]`, 64, "invalid character '1' after array element", 2},
		{"bare minus", `-`, 64, "unexpected end of input", 1},
		{"minus letter", `[-a]`, 64, "invalid character 'a' in numeric literal", 2},
		{"plus", `+1`, 64, "invalid character '+' looking for beginning of value", 0},
		{"leading dot", `.5`, 64, "invalid character '.' looking for beginning of value", 0},
		{"trailing dot", `1.`, 64, "unexpected end of input", 2},
		{"dot exponent", `1.e5`, 64, "invalid character 'e' after decimal point in numeric literal", 2},
		{"empty exponent", `1e`, 64, "unexpected end of input", 2},
		{"signed empty exponent", `[1e+]`, 64, "invalid character ']' in exponent of numeric literal", 4},
		{"hex number", `0x10`, 64, "unexpected data after the top-level value", 1},
		{"NaN", `NaN`, 64, "invalid character 'N' looking for beginning of value", 0},
		{"short true", `tru`, 64, "unexpected end of input", 3},
		{"bad true", `trUe`, 64, "invalid character 'U' in literal true (expecting 'u')", 2},
		{"bad false", `[fals]`, 64, "invalid character ']' in literal false (expecting 'e')", 5},
		{"bad null", `nulL`, 64, "invalid character 'L' in literal null (expecting 'l')", 3},
		{"capital literal", `True`, 64, "invalid character 'T' looking for beginning of value", 0},
		{"tab in string", "\"a\tb\"", 64, `invalid character '\t' in string literal`, 2},
		{"newline in string", "{\"a\":\"x\ny\"}", 64, `invalid character '\n' in string literal`, 7},
		{"NUL in string", "\"\x00\"", 64, `invalid character '\x00' in string literal`, 1},
		{"bad escape", `"\x"`, 64, "invalid character 'x' in string escape code", 2},
		{"bad unicode escape", `"\u12G4"`, 64, `invalid character 'G' in \u hexadecimal character escape`, 5},
		{"short unicode escape", `"\u12"`, 64, `invalid character '"' in \u hexadecimal character escape`, 5},
		{"escape at end", `"\`, 64, "unexpected end of input", 2},
		{"unicode escape at end", `"\u00`, 64, "unexpected end of input", 5},
		{"invalid UTF-8 byte", "{\"id\":\"\xff\"}", 64, "invalid UTF-8", 7},
		{"invalid UTF-8 in name", "{\"a\xc3\":1}", 64, "invalid UTF-8", 3},
		{"encoded surrogate", "\"\xed\xa0\x80\"", 64, "invalid UTF-8", 1},
		{"overlong encoding", "\"\xc0\xaf\"", 64, "invalid UTF-8", 1},
		{"truncated sequence", "\"é\xe6\x97\"", 64, "invalid UTF-8", 3},
		{"UTF-8 outside strings", "[\xc3\xa9]", 64, "invalid character 'Ã' looking for beginning of value", 1},
		{"byte order mark", "\xef\xbb\xbf{}", 64, "looking for beginning of value", 0},
		{"NUL after value", "{}\x00", 64, "unexpected data after the top-level value", 2},
		{"vertical tab", "\v{}", 64, `invalid character '\v' looking for beginning of value`, 0},
		{"duplicate", `{"id":"a","id":"b"}`, 64, "the property 'id' appears twice in one object", 10},
		{"duplicate after unescaping", `{"a":1,"\u0061":2}`, 64, "the property 'a' appears twice in one object", 7},
		{"duplicate escaped both", `{"\t":1, "\u0009":2}`, 64, `the property '\t' appears twice in one object`, 9},
		{"lone high surrogate", `{"id":"x\ud800"}`, 64, LoneSurrogate, 8},
		{"lone low surrogate name", `{"\udc00":1}`, 64, LoneSurrogate, 2},
		{"high surrogate before a letter", `["\ud83d\u0041"]`, 64, LoneSurrogate, 2},
		{"pair the wrong way round", `"\udc00\ud800"`, 64, LoneSurrogate, 1},
		{"two high surrogates", `"\ud800\ud800"`, 64, LoneSurrogate, 1},
		{"high surrogate at the end", `"\ud800"`, 64, LoneSurrogate, 1},
		{"high surrogate before a bad escape", `"\ud800\u12G4"`, 64, LoneSurrogate, 1},
		{"duplicate after a lone surrogate", `{"\ud800":1,"\udc00":2}`, 64, LoneSurrogate, 2},
		{"duplicate before a lone surrogate", `{"a":1,"a":"\ud800"}`, 64, "the property 'a' appears twice", 7},
		{"nested duplicate", `{"a":{"b":1,"b":2}}`, 64, "the property 'b' appears twice", 12},
		{"duplicate in array item", `[{"a":1},{"a":1,"a":2}]`, 64, "the property 'a' appears twice", 16},
		{"duplicate before syntax error", `{"a":1,"a":}`, 64, "the property 'a' appears twice", 7},
		{"hashed duplicate", scanManyKeys(20, `,"k3":0`), 64, "the property 'k3' appears twice", len(scanManyKeys(20, ""))},
		{"duplicate at the switch", scanManyKeys(16, `,"k15":0`), 64, "the property 'k15' appears twice", len(scanManyKeys(16, ""))},
		{"hashed escaped duplicate", scanManyKeys(30, `,"k\u0031":0`), 64, "the property 'k1' appears twice", len(scanManyKeys(30, ""))},
		{"duplicate after inner hashed object", `{"a":` + scanManyKeys(20, "") + `,"a":1}`, 64, "the property 'a' appears twice",
			len(scanManyKeys(20, "")) + 6},
		{"too deep", deep, 64, "values nest deeper than 64 levels", 64},
		{"too deep objects", `{"a":{"b":[1]}}`, 2, "values nest deeper than 2 levels", 10},
		{"depth one", `[[]]`, 1, "values nest deeper than 1 levels", 1},
		{"depth checked before syntax", `[[[}`, 2, "values nest deeper than 2 levels", 2},
	}
}

func TestScanObjectValid(t *testing.T) {
	t.Parallel()
	for _, tc := range scanValidCases() {
		t.Run(tc.name, func(t *testing.T) {
			compact, fields, isObject, err := Scan([]byte(tc.in), tc.maxDepth)
			if err != nil {
				t.Fatalf("Scan(%q) failed: %v (offset %d)", tc.in, err, err.Offset)
			}
			if string(compact) != tc.compact {
				t.Errorf("compact = %q, want %q", compact, tc.compact)
			}
			if isObject != tc.isObject {
				t.Errorf("isObject = %v, want %v", isObject, tc.isObject)
			}
			if tc.fields != nil {
				var got []string
				for _, f := range fields {
					got = append(got, f.Name+"="+string(f.Value))
				}
				if strings.Join(got, "\x00") != strings.Join(tc.fields, "\x00") {
					t.Errorf("fields = %q, want %q", got, tc.fields)
				}
			}
			checkScanOracle(t, []byte(tc.in), tc.maxDepth)
		})
	}
}

func TestScanObjectInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range scanInvalidCases() {
		t.Run(tc.name, func(t *testing.T) {
			compact, fields, isObject, err := Scan([]byte(tc.in), tc.maxDepth)
			if err == nil {
				t.Fatalf("Scan(%q) = %q, want an error", tc.in, compact)
			}
			if compact != nil || fields != nil || isObject {
				t.Errorf("failed scan returned compact %q, %d fields, isObject %v", compact, len(fields), isObject)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err.Error(), tc.msg)
			}
			if err.Offset != tc.offset {
				t.Errorf("offset = %d, want %d (error %q)", err.Offset, tc.offset, err)
			}
			checkScanOracle(t, []byte(tc.in), tc.maxDepth)
		})
	}
}

// TestScanObjectOracle runs the oracle over inputs beyond the tables: whitespace variants of the
// table cases and a realistic document.
func TestScanObjectOracle(t *testing.T) {
	t.Parallel()
	n := 0
	for _, in := range scanSeedInputs() {
		for _, depth := range []int{1, 2, 3, 64} {
			checkScanOracle(t, in, depth)
			n++
		}
		// The same input with whitespace wherever a token boundary might be, and with a byte cut.
		spaced := strings.NewReplacer(",", " ,\n", ":", "\t: ", "[", "[ ", "}", "\r\n}").Replace(string(in))
		checkScanOracle(t, []byte(spaced), 64)
		if len(in) > 1 {
			checkScanOracle(t, in[:len(in)/2], 64)
			checkScanOracle(t, in[1:], 64)
		}
		n += 3
	}
	// Every special string byte at every position of an eight-byte block, for the fast path that
	// skips plain string bytes eight at a time.
	for _, special := range []string{`"`, `\`, `\n`, `\u00e9`, "\x00", "\x1f", "\x7f", "\t", "é", "\u2028", "\xff", "\xe6\x97", "😀"} {
		for pos := range 20 {
			for _, suffix := range []string{`"`, `x"`, `xxxxxxxxxxxxxxxx"`, ``} {
				in := `["` + strings.Repeat("a", pos) + special + strings.Repeat("b", 17-pos%17) + suffix + `]`
				checkScanOracle(t, []byte(in), 64)
				n++
			}
		}
	}
	t.Logf("%d oracle checks", n)
}

func TestScanObjectFieldsShareCompact(t *testing.T) {
	t.Parallel()
	doc := scanBenchDoc(10 << 10)
	compact, fields, isObject, err := Scan(doc, 64)
	if err != nil || !isObject || len(fields) == 0 {
		t.Fatalf("Scan: isObject %v, %d fields, err %v", isObject, len(fields), err)
	}
	for _, f := range fields {
		if !scanWithin(compact, f.Value) {
			t.Errorf("field %q's value is not a slice of compact", f.Name)
		}
		if cap(f.Value) != len(f.Value) {
			t.Errorf("field %q's value has spare capacity %d: an append would write over compact", f.Name, cap(f.Value)-len(f.Value))
		}
	}
}

// within reports whether sub is a slice of the same array as whole, inside it.
func scanWithin(whole, sub []byte) bool {
	if len(sub) == 0 {
		return true
	}
	for i := range whole {
		if &whole[i] == &sub[0] {
			return i+len(sub) <= len(whole)
		}
	}
	return false
}

// scanSeedInputs are the table inputs, seeds of the oracle test and the fuzz target.
func scanSeedInputs() [][]byte {
	var ins [][]byte
	for _, tc := range scanValidCases() {
		ins = append(ins, []byte(tc.in))
	}
	for _, tc := range scanInvalidCases() {
		ins = append(ins, []byte(tc.in))
	}
	for _, s := range []string{
		`{"a":[1,{"b":null,"c":"\u00e9"}],"d":-0.0e-0}`,
		`[{"a":1,"b":2,"a":3}]`,
		`{"":1,"":2}`,
		`{"":{"":{"":[]}}}`,
		`"\ud83d"`, `"\ud83d\u0041"`, `"\udc00\ud800"`,
		`{"\ud83d\ude00":1,"😀":2}`,
		`{"\ufffd":1,"\ud800":2}`,
		`{"\ud800\ud800":1,"\ufffd\ufffd":2}`,
		`{"\ud800\u0041":1,"\ufffdA":2}`,
		"{\"a\":1,\"b\":[true,false,null]}\n\n",
		`[1e1000, -1E-1000, 0.0000001]`,
	} {
		ins = append(ins, []byte(s))
	}
	return append(ins, scanBenchDoc(2<<10))
}

// FuzzScanObject checks Scan against encoding/json (see checkScanOracle).
func FuzzScanObject(f *testing.F) {
	for _, in := range scanSeedInputs() {
		f.Add(in, uint8(63))
		f.Add(in, uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, depth uint8) {
		checkScanOracle(t, data, int(depth%100)+1)
	})
}

// checkScanOracle checks Scan on data against encoding/json: it accepts exactly when
// json.Valid does, the input is valid UTF-8 (encoding/json lets invalid UTF-8 through in strings)
// and refScanCheck finds no duplicate name or excess depth; an accepted input's compact form is
// json.Compact's and its fields are what a json.Decoder walk of the top level finds; a rejected
// input is rejected for the same reason, and a syntax error matches encoding/json's message and
// offset.
func checkScanOracle(t *testing.T, data []byte, maxDepth int) {
	t.Helper()
	compact, fields, isObject, err := Scan(data, maxDepth)
	if err != nil && (err.Offset < 0 || err.Offset > len(data)) {
		t.Fatalf("Scan(%q): offset %d outside the input", data, err.Offset)
	}
	if !json.Valid(data) {
		if err == nil {
			t.Fatalf("Scan(%q) accepted what json.Valid rejects", data)
		}
		var se *json.SyntaxError
		if e := json.Unmarshal(data, new(json.RawMessage)); !errors.As(e, &se) {
			t.Fatalf("json.Unmarshal(%q) = %v, want a *json.SyntaxError", data, e)
		}
		switch {
		case strings.Contains(err.Msg, "appears twice"), strings.Contains(err.Msg, "nest deeper"), err.Msg == "invalid UTF-8", err.Msg == LoneSurrogate:
			// Found before the syntax error; refScanCheck below cannot run on invalid JSON, so
			// check that the problem comes before encoding/json's error.
			if int64(err.Offset) >= se.Offset {
				t.Fatalf("Scan(%q): %v at %d, after encoding/json's %v at %d", data, err, err.Offset, se, se.Offset)
			}
		case se.Error() == "unexpected end of JSON input",
			// At the end of input encoding/json feeds its scanner a space, so a cut number or
			// literal reads as "invalid character ' ' ...".
			strings.HasPrefix(se.Error(), "invalid character ' '") && se.Offset == int64(len(data)) && data[len(data)-1] != ' ':
			if err.Msg != "unexpected end of input" || err.Offset != len(data) {
				t.Fatalf("Scan(%q): %v at %d, want unexpected end of input at %d", data, err, err.Offset, len(data))
			}
		default:
			want := se.Error()
			if strings.HasSuffix(want, " after top-level value") {
				want = "unexpected data after the top-level value"
			}
			if err.Msg != want || int64(err.Offset+1) != se.Offset {
				t.Fatalf("Scan(%q): %q at %d, want %q at %d", data, err.Msg, err.Offset, want, se.Offset-1)
			}
		}
		return
	}
	valid := data
	if !utf8.Valid(data) {
		bad := scanFirstInvalidUTF8(data)
		if err == nil {
			t.Fatalf("Scan(%q) accepted invalid UTF-8 at %d", data, bad)
		}
		if err.Msg == "invalid UTF-8" {
			if err.Offset != bad {
				t.Fatalf("Scan(%q): invalid UTF-8 reported at %d, the first invalid byte is at %d", data, err.Offset, bad)
			}
			return
		}
		// A duplicate name or excess depth before the invalid byte: check it on a copy whose
		// invalid bytes (all in strings, since json.Valid accepts data) are replaced.
		if err.Offset >= bad {
			t.Fatalf("Scan(%q): %v at %d, after the invalid UTF-8 at %d", data, err, err.Offset, bad)
		}
		valid = []byte(strings.ToValidUTF8(string(data), "x"))
	}
	if lone := scanFirstLoneSurrogate(valid); lone >= 0 {
		if err == nil {
			t.Fatalf("Scan(%q) accepted a lone surrogate escape at %d", data, lone)
		}
		if err.Msg == LoneSurrogate {
			if err.Offset != lone {
				t.Fatalf("Scan(%q): lone surrogate reported at %d, the first is at %d", data, err.Offset, lone)
			}
			return
		}
		// A duplicate name or excess depth before it: check that on a copy where each lone
		// surrogate escape is \ufffd, which is how encoding/json decodes it.
		if err.Offset >= lone {
			t.Fatalf("Scan(%q): %v at %d, after the lone surrogate at %d", data, err, err.Offset, lone)
		}
		valid = scanReplaceLoneSurrogates(valid)
	}
	why, at := refScanCheck(valid, maxDepth)
	if why != "" {
		if err == nil {
			t.Fatalf("Scan(%q, %d) accepted; reference rejects: %s", data, maxDepth, why)
		}
		if !strings.Contains(err.Msg, why) {
			t.Fatalf("Scan(%q, %d) = %v; reference rejects: %s", data, maxDepth, err, why)
		}
		// The reference knows the decoder's offset just after the offending token.
		if err.Offset >= at {
			t.Fatalf("Scan(%q, %d): offset %d, reference's token ends at %d", data, maxDepth, err.Offset, at)
		}
		return
	}
	if err != nil {
		t.Fatalf("Scan(%q, %d) = %v (offset %d); reference accepts", data, maxDepth, err, err.Offset)
	}
	var want bytes.Buffer
	if e := json.Compact(&want, data); e != nil {
		t.Fatalf("json.Compact: %v", e)
	}
	if !bytes.Equal(compact, want.Bytes()) {
		t.Fatalf("Scan(%q): compact\n%q\nwant\n%q", data, compact, want.Bytes())
	}
	wantObject := want.Len() > 0 && want.Bytes()[0] == '{'
	if isObject != wantObject {
		t.Fatalf("Scan(%q): isObject = %v", data, isObject)
	}
	if !isObject {
		if fields != nil {
			t.Fatalf("Scan(%q): %d fields for a non-object", data, len(fields))
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(want.Bytes()))
	if _, e := dec.Token(); e != nil {
		t.Fatal(e)
	}
	k := 0
	for ; dec.More(); k++ {
		tok, e := dec.Token()
		if e != nil {
			t.Fatal(e)
		}
		var v json.RawMessage
		if e := dec.Decode(&v); e != nil {
			t.Fatal(e)
		}
		if k >= len(fields) {
			t.Fatalf("Scan(%q): %d fields, the decoder finds more", data, len(fields))
		}
		if fields[k].Name != tok.(string) || !bytes.Equal(fields[k].Value, v) {
			t.Fatalf("Scan(%q): field %d is %q=%q, want %q=%q", data, k, fields[k].Name, fields[k].Value, tok, v)
		}
		if !scanWithin(compact, fields[k].Value) {
			t.Fatalf("Scan(%q): field %q's value is not a slice of compact", data, fields[k].Name)
		}
	}
	if k != len(fields) {
		t.Fatalf("Scan(%q): %d fields, the decoder finds %d", data, len(fields), k)
	}
}

// scanLoneSurrogates returns the offsets of the \u escapes of lone surrogates in the strings of
// data (valid JSON), read independently of the scanner.
func scanLoneSurrogates(data []byte) []int {
	var out []int
	hex := func(i int) rune {
		v, err := strconv.ParseUint(string(data[i:i+4]), 16, 32)
		if err != nil {
			panic(err)
		}
		return rune(v)
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\' && data[i+1] == 'u':
			r := hex(i + 2)
			switch {
			case r >= 0xd800 && r < 0xdc00 && i+12 <= len(data) && data[i+6] == '\\' && data[i+7] == 'u' &&
				hex(i+8) >= 0xdc00 && hex(i+8) <= 0xdfff:
				i += 11
			case r >= 0xd800 && r <= 0xdfff:
				out = append(out, i)
				i += 5
			default:
				i += 5
			}
		case c == '\\':
			i++
		}
	}
	return out
}

// scanFirstLoneSurrogate is the offset of the first lone surrogate escape of data, or -1.
func scanFirstLoneSurrogate(data []byte) int {
	if all := scanLoneSurrogates(data); len(all) > 0 {
		return all[0]
	}
	return -1
}

// scanReplaceLoneSurrogates returns data with each lone surrogate escape written \ufffd.
func scanReplaceLoneSurrogates(data []byte) []byte {
	out := append([]byte(nil), data...)
	for _, i := range scanLoneSurrogates(data) {
		copy(out[i:], `\ufffd`)
	}
	return out
}

// scanFirstInvalidUTF8 is the offset of the first byte of data that is not valid UTF-8.
func scanFirstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// refScanCheck walks valid JSON with a json.Decoder and returns the first duplicate member name
// or excess nesting as a message fragment ("" when there is none), with the decoder's offset
// just after the offending token.
func refScanCheck(data []byte, maxDepth int) (string, int) {
	type frame struct {
		object  bool
		wantKey bool
		seen    map[string]bool
	}
	var stack []*frame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return "", 0
		}
		if err != nil {
			panic(fmt.Sprintf("decoder on valid JSON %q: %v", data, err))
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.wantKey {
			if top.seen[s] {
				return "the property '", int(dec.InputOffset())
			}
			top.seen[s] = true
			top.wantKey = false
			continue
		}
		if top != nil && top.object {
			top.wantKey = true // a value ended or, for a container, began: a name comes next
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if maxDepth > 0 && len(stack) >= maxDepth {
				return "values nest deeper than", int(dec.InputOffset())
			}
			stack = append(stack, &frame{object: tok == json.Delim('{'), wantKey: true, seen: map[string]bool{}})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
}

// scanBenchDoc is a pretty-printed call record segment of at least size bytes: nested objects
// and arrays, integers and decimals, nulls, booleans, and strings with escapes.
func scanBenchDoc(size int) []byte {
	stream := func(dir string, i int) map[string]any {
		return map[string]any{"streamId": fmt.Sprint(1504545584 + i), "streamDirection": dir, "audioCodec": "satin",
			"averageAudioDegradation": 0.25, "averageAudioNetworkJitter": "PT0.012S", "averageBandwidthEstimate": 9965083,
			"averageFreezeDuration": nil, "averageJitter": "PT0.016S", "averagePacketLossRate": 0.0123,
			"averageRatioOfConcealedSamples": 0.0205, "averageReceivedFrameRate": nil, "averageRoundTripTime": "PT0.061S",
			"averageVideoFrameLossPercentage": nil, "endDateTime": nil, "isAudioForwardErrorCorrectionUsed": true,
			"maxAudioNetworkJitter": "PT0.048S", "maxPacketLossRate": 0.0732, "packetUtilization": 4294967295,
			"postForwardErrorCorrectionPacketLossRate": 0.01, "startDateTime": nil, "videoCodec": nil, "wasMediaBypassed": false}
	}
	network := map[string]any{"bandwidthLowEventRatio": 0.01, "connectionType": "wifi", "dnsSuffix": nil,
		"ipAddress": "10.139.0.12", "linkSpeed": 54000000, "macAddress": "00:00:00:00:00:00", "port": 50011,
		"traceRouteHops": []any{map[string]any{"hopCount": 1, "ipAddress": "10.0.0.1", "roundTripTime": "PT0.001S"}},
		"wifiBand":       "frequency50GHz", "wifiSignalStrength": 100, "wifiVendorDriver": "Intel <\"Wi-Fi 6\">",
		"wifiVendorDriverVersion": "21.40.5.1"}
	device := map[string]any{"captureDeviceName": "Microphone (Realtek® Audio)", "deviceClippingEventRatio": 0.005,
		"initialSignalLevelRootMeanSquare": 60.25816, "micGlitchRate": 23, "receivedNoiseLevel": -86,
		"renderDeviceName": "Speakers\t(Realtek Audio)\n", "sentSignalLevel": -25, "speakerGlitchRate": 3887}
	endpoint := map[string]any{"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "name": "machine\\Name_4",
		"userAgent": map[string]any{"@odata.type": "#microsoft.graph.callRecords.clientUserAgent",
			"headerValue": "RTCC/7.0.0.0 UCCAPI/16.0.12527.20122 OC/16.0.12527.20194 (Skype for Business) – “café”",
			"platform":    "windows", "productFamily": "skypeForBusiness"}}
	seg := map[string]any{"id": "e523d2ed-2966-4b6b-925b-754a88034cc5", "startDateTime": "2026-11-20T09:03:00Z",
		"endDateTime": "2026-11-20T09:04:00.1234567Z", "caller": endpoint, "callee": endpoint, "failureInfo": nil}
	var streams []any
	for i := 0; ; i++ {
		// Streams, one at a time, keep the document within a stream's size of the target.
		streams = append(streams, stream([]string{"callerToCallee", "calleeToCaller"}[i%2], i))
		seg["media"] = []any{map[string]any{"label": "main-audio", "callerNetwork": network, "calleeNetwork": network,
			"callerDevice": device, "calleeDevice": device, "streams": streams}}
		doc, err := json.MarshalIndent(seg, "", "  ")
		if err != nil {
			panic(err)
		}
		if len(doc) >= size {
			return doc
		}
	}
}

// BenchmarkScanObject compares Scan with the encoding/json passes it replaces, on a 10 KB
// pretty-printed segment and on the same segment already compact. Parse is measured as it
// currently is.
func BenchmarkScanObject(b *testing.B) {
	pretty := scanBenchDoc(10 << 10)
	var compact bytes.Buffer
	if err := json.Compact(&compact, pretty); err != nil {
		b.Fatal(err)
	}
	for _, in := range []struct {
		name string
		doc  []byte
	}{{"pretty", pretty}, {"compact", compact.Bytes()}} {
		doc := in.doc
		b.Run(in.name+"/Scan", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, _, err := Scan(doc, 64); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/json.Compact+json.Valid", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if !json.Valid(doc) {
					b.Fatal("invalid")
				}
				if err := json.Compact(&buf, doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/Parse", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestWithFirstMatchesARescan(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{`{}`, `{"a":1}`, `{"a":{"b":[1,2]},"c":"x\"y","d":null}`} {
		o, err := Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		got := o.WithFirst("id", []byte(`"g-1"`))
		want, err := Parse(append([]byte(`{"id":"g-1"`+map[bool]string{true: "", false: ","}[doc == "{}"]), doc[1:]...))
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Raw) != string(want.Raw) || len(got.Fields) != len(want.Fields) {
			t.Fatalf("%s: raw %s, want %s", doc, got.Raw, want.Raw)
		}
		for i := range got.Fields {
			if got.Fields[i].Name != want.Fields[i].Name || string(got.Fields[i].Value) != string(want.Fields[i].Value) {
				t.Fatalf("%s: field %d = %q %s, want %q %s", doc, i, got.Fields[i].Name, got.Fields[i].Value, want.Fields[i].Name, want.Fields[i].Value)
			}
		}
		if again := got.WithFirst("x", []byte("1")); again.Get("a") == nil && doc != "{}" {
			t.Fatalf("chained WithFirst lost members: %s", again.Raw)
		}
	}
}
