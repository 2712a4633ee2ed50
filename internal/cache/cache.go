// Package cache keeps results between runs in a directory, addressed by a
// hash of everything they were computed from, so that a run over files
// that have not changed since the last one skips the work. An entry is a
// JSON file; a missing, unreadable or malformed entry is a miss, never an
// error, and writing one is best effort: the cache only ever saves time.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Entries unused for longer than maxAge are removed, at most once per
// trimInterval; a used entry's modification time is refreshed at most
// once per touchInterval, so that reading the cache rarely writes to it.
const (
	maxAge        = 7 * 24 * time.Hour
	trimInterval  = 24 * time.Hour
	touchInterval = time.Hour
	trimMarker    = "trim.txt"
)

// Key addresses an entry.
type Key [sha256.Size]byte

// NewKey hashes parts, each length-prefixed so that no two lists of parts
// give the same key.
func NewKey(parts ...[]byte) Key {
	h := sha256.New()
	for _, p := range parts {
		h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(p))))
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// String is the key in hex.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Cache is a cache directory.
type Cache struct {
	dir string
	now func() time.Time
}

// Open makes dir (private to the user) if needed and removes entries that
// have not been used for a week, once a day.
func Open(dir string) (*Cache, error) { return open(dir, time.Now) }

func open(dir string, now func() time.Time) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	c := &Cache{dir: dir, now: now}
	c.trim()
	return c, nil
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) path(kind string, k Key) string {
	s := k.String()
	return filepath.Join(c.dir, kind, s[:2], s+".json")
}

// Get decodes the entry of kind at k into v, and reports whether there was
// one.
func (c *Cache) Get(kind string, k Key, v any) bool {
	p := c.path(kind, k)
	data, err := os.ReadFile(p)
	if err != nil || json.Unmarshal(data, v) != nil {
		return false
	}
	if info, err := os.Stat(p); err == nil && c.now().Sub(info.ModTime()) > touchInterval {
		now := c.now()
		_ = os.Chtimes(p, now, now)
	}
	return true
}

// Put stores v as the entry of kind at k. The entry appears whole or not
// at all, so that concurrent runs never read half of one.
func (c *Cache) Put(kind string, k Key, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	p := c.path(kind, k)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return nil
}

// trim removes entries unused for maxAge, when the last trim is older than
// trimInterval. Errors are ignored: a trim that fails is tried again next
// time.
func (c *Cache) trim() {
	marker := filepath.Join(c.dir, trimMarker)
	now := c.now()
	if info, err := os.Stat(marker); err == nil && now.Sub(info.ModTime()) < trimInterval {
		return
	}
	if err := os.WriteFile(marker, []byte("mi-lint removes cache entries unused for a week, once a day\n"), 0o600); err != nil {
		return
	}
	_ = os.Chtimes(marker, now, now)
	_ = filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fs.SkipDir // leave what cannot be read for the next trim
		}
		if d.IsDir() || p == marker {
			return nil
		}
		if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > maxAge {
			_ = os.Remove(p)
		}
		return nil
	})
}
