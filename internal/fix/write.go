package fix

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// WriteFile replaces the file name, relative to root, with content,
// atomically: the content goes to a new file in the same directory, which
// is renamed over the old one, so a reader sees the old text or the new,
// never part of either. The file keeps its permissions. Through root,
// nothing outside the repository is ever written, and a symbolic link is
// refused rather than replaced by a file.
func WriteFile(root *os.Root, name string, content []byte) (err error) {
	name = filepath.FromSlash(name)
	info, err := root.Lstat(name)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; not rewritten", filepath.ToSlash(name))
	}
	dir, base := filepath.Split(name)
	var tmp string
	var f *os.File
	for range 10 {
		tmp = filepath.Join(dir, "."+base+".mi-lint-fix-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = root.Remove(tmp)
		}
	}()
	if _, err = f.Write(content); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	// O_CREATE's mode is subject to the umask; give the old mode back.
	if err = root.Chmod(tmp, info.Mode().Perm()); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}
