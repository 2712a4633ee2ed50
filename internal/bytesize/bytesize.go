// Package bytesize reads and writes sizes as people write them: 10MB,
// 5MiB, 7.4 MB.
//
// The convention is that of Kubernetes quantities and go-humanize: K, M and
// G (also written KB, MB, GB) are powers of 1000; Ki, Mi and Gi (KiB, MiB,
// GiB) powers of 1024. Letter case is ignored.
package bytesize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

type unit struct {
	name  string
	bytes int64
}

// decimal and binary are the units Format writes, largest first.
var (
	decimal = []unit{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}}
	binary  = []unit{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}
)

// multipliers are the suffixes Parse takes, upper-cased.
var multipliers = map[string]int64{
	"": 1, "B": 1,
	"K": 1e3, "KB": 1e3, "M": 1e6, "MB": 1e6, "G": 1e9, "GB": 1e9,
	"KI": 1 << 10, "KIB": 1 << 10, "MI": 1 << 20, "MIB": 1 << 20, "GI": 1 << 30, "GIB": 1 << 30,
}

// Parse reads a size: a number, possibly with a fraction, and a unit (none
// for bytes), with or without a space between them: 10MB, 5M, 5MiB, 1.5 GB,
// 4096. A fraction of a byte is dropped.
func Parse(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	number, suffix := t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	mult, ok := multipliers[suffix]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q", t[i:])
	}
	n, err := strconv.ParseFloat(number, 64)
	if err != nil || number == "" {
		return 0, errors.New("no number")
	}
	size := n * float64(mult)
	if size > math.MaxInt64/2 {
		return 0, errors.New("too large")
	}
	return int64(size), nil
}

// Format writes a size as a person would: in the largest unit it reaches,
// decimal (10 MB) or else binary (5 MiB) when that holds it exactly, else
// in the largest decimal unit with one decimal (7.4 MB); under 1000 bytes,
// in bytes (999 B).
func Format(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	for _, units := range [][]unit{decimal, binary} {
		if u, ok := largest(units, n); ok && n%u.bytes == 0 {
			return fmt.Sprintf("%d %s", n/u.bytes, u.name)
		}
	}
	u, _ := largest(decimal, n)
	return fmt.Sprintf("%.1f %s", float64(n)/float64(u.bytes), u.name)
}

// largest is the largest of units that n reaches.
func largest(units []unit, n int64) (unit, bool) {
	for _, u := range units {
		if n >= u.bytes {
			return u, true
		}
	}
	return unit{}, false
}
