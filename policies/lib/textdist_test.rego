package milint.lib.textdist_test

import data.milint.lib.textdist

test_distance if {
	textdist.distance("abc", "abc", 2) == 0
	textdist.distance("maxconcurency", "maxconcurrency", 4) == 1
	textdist.distance("vcp", "vpc", 1) == 1
	textdist.distance("kitten", "sitting", 3) == 3
	not textdist.distance("kitten", "sitting", 2)
	textdist.distance("abcdefgh", "bacdfegh", 4) == 2
	textdist.distance("abcdefghijkl", "xbcdxfghxjkx", 4) == 4
	not textdist.distance("abcdefghijkl", "xbcdxfghxjkx", 3)
	textdist.distance("operatorrole", "operatorroles", 1) == 1
	not textdist.distance("role", "operatorrole", 4)
}

test_nearest if {
	textdist.nearest("genral", {"general", "highMem"}) == "general"
	textdist.nearest("GENERAL", {"general"}) == "general"
	textdist.nearest("pools", {"pool", "my-pool"}) == "pool"

	# ties go to the first in sort order
	textdist.nearest("ab", {"ax", "aa"}) == "aa"
}

test_nearest_nothing_close if {
	not textdist.nearest("batch", {"general", "highMem"})
	not textdist.nearest("general", {"general", "generals"})
	not textdist.nearest("x", set())
}
