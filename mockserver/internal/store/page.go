package store

// Position says where a page starts and how long it is: after the item with sequence number
// After (0 = from the start), skipping Skip further items ($skip on a first page), at most Size
// items. The HTTP layer encodes After and Size in its skip tokens; the store never sees a token.
type Position struct {
	After uint64
	Skip  int
	Size  int
}

// Page is a slice of a collection: the items, the sequence number of the last one (where the
// next page continues: the next Position's After), whether more follow, and how many items the
// whole collection holds (after filtering), for $count.
type Page[T any] struct {
	Items   []T
	LastSeq uint64
	More    bool
	Total   int
}

// pageOf copies up to n children that follow position after (skipping skip of them first) and
// keep(...) accepts. keep may be nil.
func pageOf[T keyed, R any](c *collection[T], after uint64, skip, n int, keep func(T) bool, view func(T) R) Page[R] {
	p := Page[R]{Items: make([]R, 0, min(n, len(c.list)))}
	i := c.indexAfter(after)
	if keep == nil {
		p.Total = len(c.list)
		i += skip
		for ; i < len(c.list) && len(p.Items) < n; i++ {
			p.Items = append(p.Items, view(c.list[i]))
			p.LastSeq = c.list[i].base().seq
		}
		p.More = i < len(c.list)
		return p
	}
	for _, v := range c.list {
		if keep(v) {
			p.Total++
		}
	}
	for ; i < len(c.list); i++ {
		v := c.list[i]
		if !keep(v) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(p.Items) == n {
			p.More = true
			break
		}
		p.Items = append(p.Items, view(v))
		p.LastSeq = v.base().seq
	}
	return p
}
