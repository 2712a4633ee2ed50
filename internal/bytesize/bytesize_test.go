package bytesize

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]int64{
		"5M": 5e6, "5MB": 5e6, "5mb": 5e6, "5 MB": 5e6, "5MiB": 5 << 20, "5Mi": 5 << 20, "5mib": 5 << 20,
		"10MB": 10e6, "512KB": 512e3, "512k": 512e3, "2KiB": 2048, "1GB": 1e9, "1GiB": 1 << 30,
		"1.5MB": 1.5e6, "7.4 MB": 7.4e6, "4096": 4096, "7B": 7, "0": 0, " 3 ": 3,
	} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ten", "-1MB", "1TB", "MB", "1.2.3MB", "99999999999GB", "5 M B"} {
		if got, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", bad, got)
		}
	}
}

func TestFormat(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 999: "999 B", 1000: "1 KB", 10e6: "10 MB", 5 << 20: "5 MiB", 1 << 30: "1 GiB", 2e9: "2 GB",
		7377801: "7.4 MB", 1001: "1.0 KB", 1999: "2.0 KB", 15e5: "1.5 MB", 10485761: "10.5 MB",
	} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}
