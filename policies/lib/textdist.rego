# METADATA
# description: |
#   How far apart two words are, for did-you-mean suggestions in messages.
package milint.lib.textdist

# distance is the edit distance from a to b (insertions, deletions,
# substitutions and swaps of two neighbours each cost 1) when it is at most
# k (4 at most); undefined beyond. OPA has no string-distance builtin and
# Rego no recursion, so the usual table is explored cost by cost: node
# [i, j] means the first i characters of a can become the first j of b;
# graph.reachable spreads each cost's nodes along matching characters (for
# free), and _grow takes one paid edit from them to make the next cost's.
distance(a, b, k) := d if {
	xs := split(a, "")
	ys := split(b, "")
	n := count(xs)
	m := count(ys)
	abs(n - m) <= k
	_shared(xs, ys) >= max([n, m]) - k
	keep := {[i, j]: {[i + 1, j + 1] | xs[i] == ys[j]} |
		some i in numbers.range(0, n)
		some j in numbers.range(0, m)
		abs(i - j) <= k
	}
	table := {"keep": keep, "xs": xs, "ys": ys, "goal": [n, m], "k": k}
	d := _cost0(table, graph.reachable(keep, {[0, 0]}))
}

# _costN is the distance when the nodes reached at cost N are layer: N if
# they include the goal, else the next cost's answer (one function per cost,
# since Rego functions may not call themselves).
_cost0(t, layer) := 0 if t.goal in layer

_cost0(t, layer) := _cost1(t, _grow(t, layer)) if {
	not t.goal in layer
	t.k >= 1
}

_cost1(t, layer) := 1 if t.goal in layer

_cost1(t, layer) := _cost2(t, _grow(t, layer)) if {
	not t.goal in layer
	t.k >= 2
}

_cost2(t, layer) := 2 if t.goal in layer

_cost2(t, layer) := _cost3(t, _grow(t, layer)) if {
	not t.goal in layer
	t.k >= 3
}

_cost3(t, layer) := 3 if t.goal in layer

_cost3(t, layer) := 4 if {
	not t.goal in layer
	t.k >= 4
	t.goal in _grow(t, layer)
}

_grow(t, layer) := graph.reachable(t.keep, layer | {next |
	some node in layer
	some next in _edits(t.xs, t.ys, node)
})

# _edits are the nodes one paid edit away: change, drop or add a character,
# or swap two neighbours.
_edits(xs, ys, [i, j]) := {next |
	some move in ["change", "drop", "add", "swap"]
	next := _edit(move, xs, ys, i, j)
}

_edit("change", xs, ys, i, j) := [i + 1, j + 1] if {
	xs[i]
	ys[j]
}

_edit("drop", xs, _, i, j) := [i + 1, j] if xs[i]

_edit("add", _, ys, i, j) := [i, j + 1] if ys[j]

_edit("swap", xs, ys, i, j) := [i + 2, j + 2] if {
	xs[i] != ys[j]
	xs[i] == ys[j + 1]
	xs[i + 1] == ys[j]
}

# _shared counts the characters two strings have in common, with repeats: an
# edit fixes at most one more, so the distance is at least the longer length
# less this, a cheap test that spares most pairs the table.
_shared(xs, ys) := sum([min([count([x | some x in xs; x == ch]), count([y | some y in ys; y == ch])]) |
	some ch in {x | some x in xs}
])

# nearest is the candidate closest to word, ignoring letter case, within
# max(2, half the word's length) edits (4 at most), as the command line's
# suggestions are; ties go to the first in sort order. Undefined when none
# is that close, or when word is itself a candidate.
nearest(word, candidates) := best[1] if {
	not word in candidates
	w := lower(word)
	k := min([4, max([2, floor(count(w) / 2)])])
	scored := {[d, c] |
		some c in candidates
		d := distance(w, lower(c), k)
	}
	count(scored) > 0
	best := min(scored)
}
