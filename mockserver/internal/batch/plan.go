package batch

import (
	"fmt"
	"math/bits"
	"strings"
)

// Dependencies. Graph documents that a request may depend on a single other request, and that a
// batch follows one of three shapes: parallel (no request depends on another), serial (a chain:
// each request depends on the one before it) or "same" (every request that depends on one
// depends on the same one, which itself depends on none). plan checks the dependsOn lists
// against those rules and groups the requests into the waves they run in.
//
// The one allowance: the Graph SDK for Go's DependsOnItem lists a request's whole chain (C after
// B after A sends dependsOn [A, B]), so a list of one request plus requests that one already
// waits for (directly or not) counts as a dependency on that one request.

// plan checks the batch's dependencies and computes its waves. Requests are at most MaxRequests,
// so a set of them is a bit mask.
func (b *Batch) plan() error {
	n := len(b.Requests)
	deps := make([]uint32, n) // the requests each one names in dependsOn
	for i := range b.Requests {
		r := &b.Requests[i]
		for k, id := range r.DependsOn {
			j := b.index(id)
			if j < 0 {
				return &Error{Message: fmt.Sprintf("Request %s depends on request %s, which is not in the batch.", r.ID, id),
					Pointer: fmt.Sprintf("%s/%d", pointerTo(i, "dependsOn"), k)}
			}
			deps[i] |= 1 << j
		}
	}
	if cycle := findCycle(deps); cycle != nil {
		return b.cycleError(cycle)
	}
	closure := make([]uint32, n) // everything each request waits for, directly or not
	done := uint32(0)
	var close func(i int) uint32
	close = func(i int) uint32 {
		if done&(1<<i) == 0 {
			for m := deps[i]; m != 0; m &= m - 1 {
				j := bits.TrailingZeros32(m)
				closure[i] |= 1<<j | close(j)
			}
			done |= 1 << i
		}
		return closure[i]
	}
	for i := range b.Requests {
		close(i)
		b.Requests[i].after = -1
		if deps[i] == 0 {
			continue
		}
		for m := deps[i]; m != 0; m &= m - 1 {
			p := bits.TrailingZeros32(m)
			if deps[i]&^(1<<p)&^closure[p] == 0 { // the others are what p waits for already
				b.Requests[i].after = p
			}
		}
		if b.Requests[i].after < 0 {
			return &Error{Message: msgShape, Pointer: pointerTo(i, "dependsOn"),
				Detail: fmt.Sprintf("Request %s depends on %s: a request can depend on only one other request.", b.Requests[i].ID, strings.Join(b.Requests[i].DependsOn, ", "))}
		}
	}
	if i := b.offShape(); i >= 0 {
		return &Error{Message: msgShape, Pointer: pointerTo(i, "dependsOn"),
			Detail: fmt.Sprintf("Request %s breaks the batch's shape: either no request depends on another, or they form one chain, or every request that depends on one depends on the same one.", b.Requests[i].ID)}
	}
	b.waves = waves(b.Requests)
	return nil
}

// index finds a request by id, without regard to case; -1 when none has it.
func (b *Batch) index(id string) int {
	for i := range b.Requests {
		if strings.EqualFold(b.Requests[i].ID, id) {
			return i
		}
	}
	return -1
}

// findCycle returns the requests of a dependency cycle, in order, or nil when there is none.
func findCycle(deps []uint32) []int {
	const (
		unseen = iota
		open
		closed
	)
	state := make([]int, len(deps))
	var path []int
	var visit func(i int) []int
	visit = func(i int) []int {
		state[i] = open
		path = append(path, i)
		for m := deps[i]; m != 0; m &= m - 1 {
			j := bits.TrailingZeros32(m)
			switch state[j] {
			case open:
				for k, p := range path {
					if p == j {
						return append([]int(nil), path[k:]...)
					}
				}
			case unseen:
				if c := visit(j); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = closed
		return nil
	}
	for i := range deps {
		if state[i] == unseen {
			if c := visit(i); c != nil {
				return c
			}
		}
	}
	return nil
}

// cycleError names the requests of a cycle, starting with the first in the batch.
func (b *Batch) cycleError(cycle []int) *Error {
	first := 0
	for k, i := range cycle {
		if i < cycle[first] {
			first = k
		}
	}
	cycle = append(cycle[first:], cycle[:first]...)
	if len(cycle) == 1 {
		r := &b.Requests[cycle[0]]
		return &Error{Message: fmt.Sprintf("Request %s depends on itself.", r.ID), Pointer: pointerTo(cycle[0], "dependsOn")}
	}
	ids := make([]string, 0, len(cycle)+1)
	for _, i := range cycle {
		ids = append(ids, b.Requests[i].ID)
	}
	ids = append(ids, ids[0])
	return &Error{Message: fmt.Sprintf("The dependsOn of requests %s form a cycle: none of them can run.", strings.Join(ids, " → ")),
		Pointer: pointerTo(cycle[0], "dependsOn")}
}

// offShape returns the index of a request that breaks all three of Graph's shapes, or -1 when
// the batch is parallel, one chain, or one request and its dependents.
func (b *Batch) offShape() int {
	roots, children := 0, make([]int, len(b.Requests))
	star := -1 // the request every dependent depends on, while that holds
	starOK := true
	for i := range b.Requests {
		p := b.Requests[i].after
		if p < 0 {
			roots++
			continue
		}
		children[p]++
		if star < 0 {
			star = p
		}
		starOK = starOK && p == star && b.Requests[p].after < 0
	}
	if star < 0 || roots == 1 && starOK {
		return -1 // parallel, or one request and its dependents
	}
	chain := roots == 1
	for _, c := range children {
		chain = chain && c <= 1
	}
	if chain {
		return -1
	}
	// Blame the first request that depends on another than the first dependent does.
	for i := range b.Requests {
		if p := b.Requests[i].after; p >= 0 && p != star {
			return i
		}
	}
	for i := range b.Requests {
		if b.Requests[i].after >= 0 {
			return i
		}
	}
	return 0
}

// waves groups requests by how many run before them, each wave in the batch's order.
func waves(reqs []Request) [][]int {
	depth := make([]int, len(reqs))
	var depthOf func(i int) int
	depthOf = func(i int) int {
		if p := reqs[i].after; p >= 0 && depth[i] == 0 {
			depth[i] = depthOf(p) + 1
		}
		return depth[i]
	}
	sizes := make([]int, 0, 1)
	for i := range reqs {
		d := depthOf(i)
		for len(sizes) <= d {
			sizes = append(sizes, 0)
		}
		sizes[d]++
	}
	out, all := make([][]int, len(sizes)), make([]int, 0, len(reqs)) // one backing array
	for d, n := range sizes {
		out[d] = all[len(all) : len(all) : len(all)+n]
		all = all[:len(all)+n]
	}
	for i := range reqs {
		out[depth[i]] = append(out[depth[i]], i)
	}
	return out
}
