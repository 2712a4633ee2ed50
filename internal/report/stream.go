package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// streamedArray is an array of a document that is written item by item
// instead of being held whole: the array at Key, Depth levels of nesting
// below the top (the top-level object's keys are at depth 1), whose Len
// items Item builds one at a time.
type streamedArray struct {
	Key   string
	Depth int
	Len   int
	Item  func(i int) any
}

// encodeStreamed writes doc exactly as json.Encoder with SetIndent("", "  ")
// (and SetEscapeHTML(escapeHTML)) would, except that each array of arrays, which doc
// must hold empty (marshalled as []), is filled from its Item function as
// it is written. A report of 10,000 files then needs memory for the
// document's frame and one item, not for its tens of megabytes of results.
// arrays must be in the order they appear in the output.
func encodeStreamed(w io.Writer, escapeHTML bool, doc any, arrays ...streamedArray) error {
	var item bytes.Buffer
	encoder := func(prefix string) *json.Encoder {
		item.Reset()
		enc := json.NewEncoder(&item)
		enc.SetEscapeHTML(escapeHTML)
		enc.SetIndent(prefix, "  ")
		return enc
	}
	if err := encoder("").Encode(doc); err != nil {
		return err
	}
	frame := bytes.Clone(item.Bytes())
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, a := range arrays {
		indent := strings.Repeat("  ", a.Depth)
		// Indented JSON escapes newlines and quotes inside strings, so a raw
		// newline, the indentation and the quoted key can only be the key.
		marker := "\n" + indent + fmt.Sprintf("%q", a.Key) + ": []"
		at := bytes.Index(frame, []byte(marker))
		if at < 0 {
			return fmt.Errorf("encode report: no empty %q array at depth %d", a.Key, a.Depth)
		}
		end := at + len(marker)
		if _, err := bw.Write(frame[:end-1]); err != nil { // up to and including "["
			return err
		}
		frame = frame[end-1:] // from "]"
		if a.Len == 0 {
			continue
		}
		itemIndent := indent + "  "
		for i := range a.Len {
			if err := encoder(itemIndent).Encode(a.Item(i)); err != nil {
				return err
			}
			sep := ",\n"
			if i == 0 {
				sep = "\n"
			}
			if _, err := bw.WriteString(sep + itemIndent); err != nil {
				return err
			}
			if _, err := bw.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n"))); err != nil {
				return err
			}
		}
		if _, err := bw.WriteString("\n" + indent); err != nil {
			return err
		}
	}
	if _, err := bw.Write(frame); err != nil {
		return err
	}
	return bw.Flush()
}
