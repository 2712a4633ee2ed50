package policy

import "strings"

// compactSource returns an embedded module's source without what a run
// over it never reads, every row and column of the code kept: the
// comments, and in each METADATA block that holds a rule ID all but that
// ID (custom.id, which lib/result.rego reads from rego.metadata.chain()).
// The rest of the METADATA (descriptions, examples) comes from the
// generated registry; parsing it, and carrying it in every chain the
// compiler builds, was about a tenth of a one-file run's CPU time. A block
// without an ID is kept whole, as a METADATA block may not be empty.
// TestCompactSourceParsesAlike checks every embedded module.
func compactSource(src string) string {
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "# METADATA" {
			end := i + 1
			for end < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[end]), "#") {
				end++
			}
			compactMetadata(lines[i:end])
			i = end - 1
			continue
		}
		lines[i] = lines[i][:commentStart(lines[i])]
	}
	return strings.Join(lines, "\n")
}

// compactMetadata rewrites a METADATA block that holds a rule ID, in
// place, as that ID alone, at the block's end so that it still heads what
// follows the block; the rows before it are left empty.
func compactMetadata(block []string) {
	id := ""
	for j := range block {
		if block[j] == "# custom:" {
			for k := j + 1; k < len(block) && strings.HasPrefix(block[k], "#  "); k++ {
				if strings.HasPrefix(block[k], "#   id: ") {
					id = block[k]
				}
			}
		}
	}
	if id == "" || len(block) < 3 {
		return
	}
	for j := range block {
		block[j] = ""
	}
	copy(block[len(block)-3:], []string{"# METADATA", "# custom:", id})
}

// commentStart is where a line's comment starts, or its length when it has
// none: the first # outside a string. A raw string (`...`) is taken to end
// on its line, as every one in the embedded policies does.
func commentStart(line string) int {
	var quote byte // the string the scan is in: '"', '`' or none
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '"' && c == '\\':
			i++ // an escaped character, such as \"
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '"' || c == '`':
			quote = c
		case c == '#':
			return i
		}
	}
	return len(line)
}
