package loader

// Location is where a finding points: the primary region and the related
// places a value came through.
type Location struct {
	Range   Range
	Related []Related
}

// Related is a secondary location with a short explanation.
type Related struct {
	Range   Range
	Message string
}

// Locate maps a path in the configuration to a source location. A key's
// region spans the key and a scalar value (only the key when the value is a
// block); an item's region is the item. Where the path passes through a
// variable or alias, the place it was referenced from is related. A path
// that does not exist in full is located at its longest existing prefix,
// and ok is false.
func (d *Document) Locate(path Path) (loc Location, ok bool) {
	cur := d.Config
	loc.Range = Range{File: d.File, Line: 1, Col: 1, EndLine: 1, EndCol: 1}
	for i, elem := range path {
		last := i == len(path)-1
		var next *Node
		var keyRange *Range
		switch k := elem.(type) {
		case string:
			e := cur.entry(k)
			if e == nil {
				return loc, false
			}
			next, keyRange = e.Value, &e.KeyRange
			if !e.MergedAt.IsZero() {
				loc.Related = append(loc.Related, Related{Range: e.MergedAt, Message: "merged here"})
			}
		case int:
			if cur.Kind != KindList || k < 0 || k >= len(cur.Items) {
				return loc, false
			}
			next = cur.Items[k]
		default:
			return loc, false
		}
		loc.Range = valueRegion(keyRange, next)
		if len(next.Via) > 0 {
			if last {
				loc.Related = append(loc.Related, Related{Range: next.Range, Message: "the value comes from here"})
			} else {
				loc.Related = append(loc.Related, Related{Range: next.Via[0], Message: "referenced here"})
			}
		}
		cur = next
	}
	return loc, true
}

// valueRegion is the tight region of a key and its value, or of an item.
func valueRegion(key *Range, v *Node) Range {
	val := v.Range
	if len(v.Via) > 0 {
		val = v.Via[0] // where the reference is written
	}
	if key == nil {
		return val
	}
	r := *key
	inline := (v.Kind != KindMap && v.Kind != KindList) || len(v.Via) > 0 || v.IsIntrinsic() || val.EndLine == val.Line
	// Extend over the value only where it is written right after the key.
	if inline && val.File == r.File && val.Line == r.EndLine && val.Col >= r.EndCol {
		r.EndLine, r.EndCol = val.EndLine, val.EndCol
	}
	return r
}
