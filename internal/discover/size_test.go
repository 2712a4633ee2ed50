package discover

import "testing"

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"10MB": 10e6, "5M": 5e6, "5MiB": 5 << 20, "512kb": 512e3, "1GB": 1e9, "4096": 4096, "7B": 7, "0": 0} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	const bad = "ten"
	_, err := ParseSize(bad)
	if want := `--max-file-size "ten": write a size such as 10MB (10^6 bytes), 10MiB (2^20 bytes), 512KB, or a number of bytes`; err == nil || err.Error() != want {
		t.Errorf("ParseSize(%q) error %v, want %q", bad, err, want)
	}
}
