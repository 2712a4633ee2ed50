package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

type entry struct {
	Message string `json:"message"`
}

func TestNewKeyParts(t *testing.T) {
	// Length prefixes keep parts apart: "ab"+"c" is not "a"+"bc".
	if NewKey([]byte("ab"), []byte("c")) == NewKey([]byte("a"), []byte("bc")) {
		t.Error("different parts gave one key")
	}
	a, b := NewKey([]byte("a")), NewKey([]byte("a"))
	if a != b {
		t.Error("equal parts gave different keys")
	}
}

func TestPutGet(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey([]byte("file"))
	var got entry
	if c.Get("results", k, &got) {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Put("results", k, entry{Message: "kept"}); err != nil {
		t.Fatal(err)
	}
	if !c.Get("results", k, &got) || got.Message != "kept" {
		t.Fatalf("Get = %+v, want the entry put", got)
	}
	if c.Get("other", k, &got) {
		t.Error("an entry of one kind was found as another kind")
	}
	info, err := os.Stat(c.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("cache directory mode %v, want 0700", perm)
	}
}

// TestMalformedEntryIsMiss checks that a damaged entry is a miss.
func TestMalformedEntryIsMiss(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey([]byte("file"))
	if err := c.Put("results", k, entry{Message: "kept"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path("results", k), []byte(`{"message": `), 0o600); err != nil {
		t.Fatal(err)
	}
	var got entry
	if c.Get("results", k, &got) {
		t.Error("a truncated entry was a hit")
	}
}

// TestTrim checks that entries unused for a week go, used ones stay, and
// that a trim runs at most once a day.
func TestTrim(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	c, err := open(dir, clock)
	if err != nil {
		t.Fatal(err)
	}
	old, used := NewKey([]byte("old")), NewKey([]byte("used"))
	for _, k := range []Key{old, used} {
		if err := c.Put("results", k, entry{}); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(c.path("results", k), start, start); err != nil {
			t.Fatal(err)
		}
	}

	now = start.Add(6 * 24 * time.Hour)
	if !c.Get("results", used, &entry{}) { // refreshes its time
		t.Fatal("miss")
	}
	now = start.Add(8 * 24 * time.Hour)
	if _, err := open(dir, clock); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.path("results", old)); !os.IsNotExist(err) {
		t.Errorf("an entry unused for 8 days is still there (%v)", err)
	}
	if _, err := os.Stat(c.path("results", used)); err != nil {
		t.Errorf("an entry used 2 days ago was removed: %v", err)
	}

	// Within a day of the last trim nothing is removed.
	if err := os.Chtimes(c.path("results", used), start, start); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if _, err := open(dir, clock); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.path("results", used)); err != nil {
		t.Errorf("trimmed again within a day: %v", err)
	}
}
