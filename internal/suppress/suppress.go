// Package suppress reads mi-lint's inline suppression directives from the
// comments of a YAML file and applies them to that file's findings.
//
// A directive is a YAML comment that starts with "mi-lint:":
//
//	key: value # mi-lint:ignore MI003 -- reason
//	# mi-lint:ignore MI003, max-vcpu-range until=2027-03-31 -- reason
//	# mi-lint:ignore-file MI201 -- reason
//
// mi-lint:ignore at the end of a line covers that line; alone on its line
// it covers the next line that is neither blank nor a comment. A covered
// line covers the node that starts on it: the line and every following
// line indented deeper (a mapping key and its block, a list entry and its
// content, a value that goes on over several lines), and under "key:" a
// sequence written at the key's own indentation. A line inside a
// multi-line flow collection or quoted scalar covers only itself.
// mi-lint:ignore-file covers the whole file.
//
// Rules are named by ID or name, in any case, separated by commas (spaces
// allowed around them); "all" names every rule except MI900 and MI901. The
// only option is until=YYYY-MM-DD, the last day the directive applies.
// The reason follows the first " -- ". Before the reason, a word starting
// with "#" ends the directive (the rest is another comment).
//
// Comments are found as yaml.v3 finds them: a '#' inside quotes or a
// block scalar is text, and so is one that follows a non-space character
// inside a plain scalar.
package suppress

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mi-lint/mi-lint/internal/textdist"
)

// Kind is the kind of a directive.
type Kind string

// The directives.
const (
	// Ignore covers a line, or the node that starts on it.
	Ignore Kind = "mi-lint:ignore"
	// IgnoreFile covers the whole file.
	IgnoreFile Kind = "mi-lint:ignore-file"
)

// prefix starts every directive comment.
const prefix = "mi-lint:"

// All names every rule in a directive (except MI900 and MI901).
const All = "all"

// Directive is one well-formed suppression comment.
type Directive struct {
	Kind Kind
	// Line and Column are where the comment's '#' is: 1-based, the column
	// counted in Unicode code points. EndColumn is just past the comment
	// (trailing spaces excluded).
	Line, Column, EndColumn int
	// Rules are the rule IDs or names as written, "all" included.
	Rules []string
	// Until is the last day the directive applies; zero when it does not
	// expire.
	Until time.Time
	// Reason is the text after " -- ", or "" when there is none.
	Reason string
	// Node is the place in the YAML tree of the node an Ignore covers, as
	// treePath writes it; "" for an IgnoreFile or one that covers nothing.
	// Text is the directive as written, after the '#'. With the file they
	// identify the directive across edits that shift lines.
	Node, Text string
	// FromLine and ToLine are the lines an Ignore covers (inclusive);
	// both are 0 when it covers nothing (an own-line directive at the end
	// of the file). An IgnoreFile covers every line and has them 0.
	FromLine, ToLine int
}

// covers reports whether the directive covers a 1-based line.
func (d *Directive) covers(line int) bool {
	if d.Kind == IgnoreFile {
		return true
	}
	return d.FromLine > 0 && line >= d.FromLine && line <= d.ToLine
}

// expired reports whether the directive has expired on the day of now (in
// now's location): it still applies on its until date.
func (d *Directive) expired(now time.Time) bool {
	if d.Until.IsZero() {
		return false
	}
	y, m, day := now.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).After(d.Until)
}

// written renders the directive's kind and rules as the user wrote them:
// "mi-lint:ignore MI003, MI004".
func (d *Directive) written() string {
	return string(d.Kind) + " " + strings.Join(d.Rules, ", ")
}

// Problem is a comment that looks like a directive but is malformed. It
// suppresses nothing.
type Problem struct {
	File string
	// Line and Column are where the comment's '#' is; EndColumn is just
	// past the comment.
	Line, Column, EndColumn int
	Message                 string
	// Node and Text are as a Directive's: where the comment is in the
	// YAML tree and what it says.
	Node, Text string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
}

// Set is the directives of one file.
type Set struct {
	file       string
	directives []Directive
}

// File returns the name of the file the set was parsed from.
func (s *Set) File() string { return s.file }

// Directives returns the well-formed directives, in source order.
func (s *Set) Directives() []Directive { return s.directives }

// Parse finds the directives in the comments of a YAML file. file is the
// name findings use for it (Finding.File). It never fails: a malformed
// directive is a Problem and is otherwise ignored.
func Parse(file string, src []byte) (*Set, []Problem) {
	set := &Set{file: file}
	if !bytes.Contains(src, []byte(prefix)) {
		// Every directive and every malformed one starts with the prefix:
		// most files have none, and need no scan.
		return set, nil
	}
	var problems []Problem
	lines := scan(src)
	for i, l := range lines {
		if l.comment < 0 {
			continue
		}
		text := strings.TrimRightFunc(string(l.text[l.comment+1:]), unicode.IsSpace)
		body := strings.TrimLeft(text, " \t")
		if !strings.HasPrefix(body, prefix) {
			continue
		}
		end := l.comment + 2 + utf8.RuneCountInString(text)
		d, msg := parseDirective(body)
		if msg != "" {
			problems = append(problems, Problem{
				File: file, Line: i + 1, Column: l.comment + 1, EndColumn: end, Message: msg,
				Node: commentNode(lines, i), Text: body,
			})
			continue
		}
		d.Line, d.Column, d.EndColumn = i+1, l.comment+1, end
		d.Text = body
		if d.Kind == Ignore {
			target := i
			if l.commentOnly {
				target = nextCode(lines, i+1)
			}
			if target >= 0 {
				d.FromLine, d.ToLine = target+1, blockEnd(lines, target)+1
			}
			d.Node = commentNode(lines, i)
		}
		set.directives = append(set.directives, d)
	}
	return set, problems
}

// commentNode is the place in the YAML tree of the node a comment on line
// i is about: its own line's, else the next code line's.
func commentNode(lines []line, i int) string {
	if lines[i].commentOnly {
		if i = nextCode(lines, i+1); i < 0 {
			return ""
		}
	}
	return treePath(lines, i)
}

// nextCode returns the index of the first line from i on that is neither
// blank nor only a comment, or -1.
func nextCode(lines []line, i int) int {
	for ; i < len(lines); i++ {
		if !lines[i].blank && !lines[i].commentOnly {
			return i
		}
	}
	return -1
}

// blockEnd returns the index of the last line of the node that starts on
// line t: the lines after it that are indented deeper, or that continue
// something it opened, up to the next line at its indentation or less.
// Under "key:" a block sequence may sit at the key's own indentation.
// A line that starts inside an earlier line's construct (a flow
// collection, a quoted scalar) covers only itself.
func blockEnd(lines []line, t int) int {
	if lines[t].inside {
		return t
	}
	k := lines[t].indent
	indentless := lines[t].openKey && !lines[t].entry
	end := t
	for j := t + 1; j < len(lines); j++ {
		l := lines[j]
		switch {
		case l.blank:
		case l.inside:
			end = j
		case l.commentOnly:
			if l.indent > k {
				end = j
			}
		case l.indent > k:
			end = j
		case l.indent == k && indentless && l.entry:
			end = j
		default:
			return end
		}
	}
	return end
}

var (
	untilDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	commas    = regexp.MustCompile(` *, *`)
)

// parseDirective parses a comment's text that starts with "mi-lint:". It
// returns a message when the directive is malformed.
func parseDirective(body string) (Directive, string) {
	word, rest, _ := strings.Cut(strings.ReplaceAll(body, "\t", " "), " ")
	var d Directive
	switch word {
	case string(Ignore):
		d.Kind = Ignore
	case string(IgnoreFile):
		d.Kind = IgnoreFile
	default:
		for _, k := range []Kind{IgnoreFile, Ignore} {
			if rules, ok := strings.CutPrefix(word, string(k)+":"); ok {
				return d, fmt.Sprintf("%s is followed by a colon: write %q", k, "# "+string(k)+" "+rules+" -- reason")
			}
		}
		hint := ""
		if s := textdist.Nearest(word, []string{string(Ignore), string(IgnoreFile)}); s != "" {
			hint = fmt.Sprintf("; did you mean %s?", s)
		}
		return d, fmt.Sprintf("unknown directive %s%s (the directives are %s and %s)", word, hint, Ignore, IgnoreFile)
	}

	// The reason follows the first "--" that starts a word. Before it, a
	// "#" that starts a word ends the directive: what follows is another
	// comment ("# mi-lint:ignore MI003 # see below").
	args := rest
	i, j := wordStart(rest, "--"), wordStart(rest, "#")
	switch {
	case j >= 0 && (i < 0 || j < i):
		args = rest[:j]
	case i >= 0:
		args = rest[:i]
		d.Reason = strings.TrimSpace(rest[i+2:])
	}
	// Spaces may follow (or precede) the commas of the rule list.
	fields := strings.Fields(commas.ReplaceAllString(args, ","))
	usage := fmt.Sprintf("%q", "# "+string(d.Kind)+" MI003 -- reason")
	if len(fields) == 0 || strings.Contains(fields[0], "=") {
		return d, fmt.Sprintf("%s names no rule: write %s, or \"all\" for every rule", d.Kind, usage)
	}
	for r := range strings.SplitSeq(fields[0], ",") {
		if r == "" {
			return d, fmt.Sprintf("%s has an empty rule name in %q: separate rules with one comma", d.Kind, fields[0])
		}
		d.Rules = append(d.Rules, r)
	}
	for _, f := range fields[1:] {
		key, value, ok := strings.Cut(f, "=")
		switch {
		case !ok:
			return d, fmt.Sprintf("%s has %q after its rules: separate rules with commas, and put the reason after \" -- \"", d.Kind, f)
		case key != "until":
			hint := ""
			if textdist.Nearest(key, []string{"until"}) != "" {
				hint = " (did you mean until?)"
			}
			return d, fmt.Sprintf("%s has an unknown option %q%s; the only option is until=YYYY-MM-DD", d.Kind, f, hint)
		case !d.Until.IsZero():
			return d, fmt.Sprintf("%s has until= twice", d.Kind)
		}
		day, err := time.Parse(time.DateOnly, value)
		if err != nil || !untilDate.MatchString(value) {
			return d, fmt.Sprintf("%s has until=%s, which is not a date: write until=YYYY-MM-DD", d.Kind, value)
		}
		d.Until = day
	}
	return d, ""
}

// wordStart returns the index of the first p in s that starts s or
// follows a space, or -1.
func wordStart(s, p string) int {
	for i := 0; i+len(p) <= len(s); i++ {
		if strings.HasPrefix(s[i:], p) && (i == 0 || s[i-1] == ' ') {
			return i
		}
	}
	return -1
}
