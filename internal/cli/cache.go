package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mi-lint/mi-lint/internal/cache"
)

// defaultCacheDir is the per-user cache directory, as os.UserCacheDir
// finds it but through the command's environment; empty when the
// environment names none, or a home directory that does not exist (such
// as Debian's /nonexistent for system users), and the run then has no
// cache: mi-lint never creates a home directory.
func (c *Command) defaultCacheDir() string {
	if c.Getenv == nil {
		return ""
	}
	home := c.Getenv("HOME")
	if info, err := os.Stat(home); home == "" || err != nil || !info.IsDir() {
		home = ""
	}
	var base string
	switch runtime.GOOS {
	case "windows":
		base = c.Getenv("LocalAppData")
	case "darwin", "ios":
		if home != "" {
			base = filepath.Join(home, "Library", "Caches")
		}
	default:
		base = c.Getenv("XDG_CACHE_HOME")
		if base == "" && home != "" {
			base = filepath.Join(home, ".cache")
		}
	}
	if base == "" || !filepath.IsAbs(base) {
		return ""
	}
	return filepath.Join(base, "mi-lint")
}

// openCache opens the run's result cache: --cache-dir, else the user's
// cache directory; none with --no-cache. A cache that cannot be opened
// costs time, never the run: the run goes on without one.
func (c *Command) openCache(f *flags, wd string) *cache.Cache {
	if f.noCache {
		return nil
	}
	dir := f.cacheDir
	if dir == "" {
		dir = c.defaultCacheDir()
	} else {
		dir = absFrom(wd, dir)
	}
	if dir == "" {
		return nil
	}
	cc, err := cache.Open(dir)
	if err != nil {
		return nil
	}
	return cc
}

// cacheSalt identifies this build of mi-lint, so that results computed by
// other code are never reused: a release or a build of a clean commit is
// identified by its version (which names the commit), a build of modified
// sources also by its executable's size and modification time.
func cacheSalt() string {
	salt := Version() + " " + runtime.Version()
	if Version() != devVersion && !strings.HasSuffix(Version(), "+dirty") {
		return salt
	}
	if exe, err := os.Executable(); err == nil {
		if info, err := os.Stat(exe); err == nil {
			salt += fmt.Sprintf(" %s %d %d", exe, info.Size(), info.ModTime().UnixNano())
		}
	}
	return salt
}
