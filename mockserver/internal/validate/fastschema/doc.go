// Package fastschema is a fast accept path for graphmock's JSON Schemas (draft 2020-12). It
// compiles the subset of keywords the embedded schema files use into Go structures and checks a
// JSON value by walking its bytes, without decoding into map[string]any.
//
// It only answers "certainly valid": Valid returns true when the value is valid against the
// definition with exactly JSON Schema 2020-12 semantics (as github.com/santhosh-tekuri/jsonschema/v5
// implements them), and false when it is invalid or when anything is in doubt (numbers with
// enormous exponents, strings with invalid UTF-8, objects too wide to track). A caller runs the
// full validator after a false, both to decide and to explain.
//
// Compile refuses every keyword it does not implement, so that a schema edit that adds one
// fails loudly instead of being ignored by the fast path.
//
// Semantics, as in JSON Schema 2020-12 and jsonschema/v5:
//
//   - A value is valid when every keyword of the schema object holds; $ref sits beside the
//     other keywords (it does not replace them).
//   - unevaluatedProperties applies to the members of an object that no keyword evaluated at
//     the same position: properties (the members it names), and, when they succeeded, the $ref
//     target, each allOf branch, if (when it passed) with then, and else (when if failed), each
//     counting what its own keywords and in-place subschemas evaluated. not contributes
//     nothing. A successful unevaluatedProperties evaluates all members, for the schemas
//     around it.
//   - type "integer" accepts any number with an integral value (27288.0, 1e2); minimum,
//     maximum, const and enum compare numbers exactly by value, whatever their spelling.
//   - const and enum compare strings after unescaping and objects regardless of member order.
//   - pattern matches the unescaped string with Go's regexp (RE2), as jsonschema/v5 does; the
//     patterns of Edm.DateTimeOffset and Edm.Duration use equivalent hand-written matchers.
package fastschema
