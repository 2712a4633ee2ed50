package discover

import (
	"fmt"

	"github.com/mi-lint/mi-lint/internal/bytesize"
)

// ParseSize reads --max-file-size: a size such as 10MB, 5M, 5MiB or a
// number of bytes (see package bytesize); 0 means no limit.
func ParseSize(s string) (int64, error) {
	n, err := bytesize.Parse(s)
	if err != nil {
		return 0, fmt.Errorf("--max-file-size %q: write a size such as 10MB (10^6 bytes), 10MiB (2^20 bytes), 512KB, or a number of bytes", s)
	}
	return n, nil
}
