package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// srcRoot is the uriBaseId every artifact location is relative to.
const srcRoot = "%SRCROOT%"

// FingerprintKey names mi-lint's partial fingerprint: a hash of the rule,
// the file and the YAML path, so it survives edits that shift lines.
const FingerprintKey = "miLintFindingHash/v1"

// DefaultSARIFCategory is the code scanning category of a run when none is
// given: the value of automationDetails.id.
const DefaultSARIFCategory = "mi-lint/"

// sarifAutomationID is the automationDetails.id of a category. SARIF reads
// the id up to its last slash as the category, so a slash is added when
// missing to keep the whole value the category (as GitHub's upload action
// does with its own category input).
func sarifAutomationID(category string) string {
	if category == "" {
		return DefaultSARIFCategory
	}
	if !strings.HasSuffix(category, "/") {
		category += "/"
	}
	return category
}

// securitySeverity gives GitHub a severity for each level, for the rules
// tagged security: GitHub reads it only on those, and shows the others as
// plain errors, warnings and notes.
var securitySeverity = map[finding.Level]string{finding.LevelError: "7.0", finding.LevelWarning: "4.0", finding.LevelNote: "1.0"}

// WriteSARIF writes a SARIF 2.1.0 log that GitHub code scanning ingests:
// one run whose automationDetails.id is the category
// (Options.SARIFCategory), every rule as a reportingDescriptor, every
// finding as a result with a root-relative location (an empty list when
// there are none, so that code scanning closes stale alerts), and
// unreadable files as tool execution notifications (never as results).
func WriteSARIF(w io.Writer, res Result, opts Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	driver := sarif.NewVersionedDriver(opts.Tool.Name, opts.Tool.Version).
		WithSemanticVersion(strings.TrimPrefix(opts.Tool.Version, "v"))
	if opts.Tool.InformationURI != "" {
		driver.WithInformationURI(opts.Tool.InformationURI)
	}
	run := sarif.NewRun(sarif.Tool{Driver: driver})
	run.WithColumnKind("unicodeCodePoints")
	id := sarifAutomationID(opts.SARIFCategory)
	run.WithAutomationDetails(&sarif.RunAutomationDetails{ID: &id})
	if opts.SrcRootURI != "" {
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{srcRoot: sarif.NewArtifactLocation().WithUri(opts.SrcRootURI)})
	}

	ruleIndex := map[string]int{}
	for i, r := range res.Rules {
		ruleIndex[r.ID] = i
		driver.AddRule(sarifRule(r))
	}

	// Results are written one at a time, after the frame (see encodeStreamed).
	run.Results = []*sarif.Result{}
	suppressed := res.Suppressed
	if !opts.SARIFSuppressed {
		suppressed = nil
	}
	result := func(i int) any {
		if i < len(res.Findings) {
			return sarifResult(res.Findings[i], ruleIndex)
		}
		sf := suppressed[i-len(res.Findings)]
		r := sarifResult(sf.Finding, ruleIndex)
		r.AddSuppression(sarifSuppression(sf))
		return r
	}

	inv := sarif.NewInvocation().WithExecutionSuccess(len(res.Errors) == 0)
	inv.ToolExecutionNotifications = append(sarifNotifications(res.Errors, finding.LevelError), sarifNotifications(res.Notices, finding.LevelWarning)...)
	run.AddInvocations(inv)
	log.AddRun(run)

	return encodeStreamed(w, false, log, streamedArray{Key: "results", Depth: 3, Len: len(res.Findings) + len(suppressed), Item: result})
}

func sarifResult(f finding.Finding, ruleIndex map[string]int) *sarif.Result {
	result := sarif.NewRuleResult(f.RuleID).
		WithLevel(string(f.Level)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithLocations([]*sarif.Location{sarifLocation(f.Location)}).
		WithPartialFingerPrints(map[string]any{FingerprintKey: Fingerprint(f)})
	if i, ok := ruleIndex[f.RuleID]; ok {
		result.WithRuleIndex(i)
	}
	for i, r := range f.Related {
		loc := sarifLocation(r.Location).WithId(i + 1).WithMessage(sarif.NewTextMessage(r.Message))
		result.AddRelatedLocation(loc)
	}
	if f.Fix != nil {
		result.AddFix(sarifFix(*f.Fix))
	}
	return result
}

// sarifFix is a fix as one artifact change per file edited, each edit a
// replacement of its region (GitHub code scanning ignores fixes; editors'
// SARIF viewers apply them).
func sarifFix(fix finding.Fix) *sarif.Fix {
	var changes []*sarif.ArtifactChange
	byFile := map[string]*sarif.ArtifactChange{}
	for _, e := range fix.Edits {
		change, ok := byFile[e.File]
		if !ok {
			change = sarif.NewArtifactChange(artifactLocation(e.File))
			byFile[e.File] = change
			changes = append(changes, change)
		}
		replacement := sarif.NewReplacement(sarifLocation(e.Location).PhysicalLocation.Region)
		if e.Text != "" { // a deletion inserts nothing
			replacement.WithInsertedContent(sarif.NewArtifactContent().WithText(e.Text))
		}
		change.WithReplacement(replacement)
	}
	return sarif.NewFix().WithDescriptionText(fix.Description).WithArtifactChanges(changes)
}

// sarifSuppression marks a result as suppressed in source. go-sarif writes
// every field of a suppression, null included, which the schema rejects,
// so each gets a real value: the directive's location and a GUID derived
// from the finding and the directive, stable across runs.
func sarifSuppression(sf finding.SuppressedFinding) *sarif.Suppression {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s:%d:%d", Fingerprint(sf.Finding), sf.Directive.File, sf.Directive.Region.StartLine, sf.Directive.Region.StartColumn))
	h := hex.EncodeToString(sum[:16])
	guid := h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	return sarif.NewSuppression("inSource").
		WithStatus("accepted").
		WithLocation(sarifLocation(sf.Directive)).
		WithGuid(guid).
		WithJustifcation(sf.Justification)
}

// sarifNotifications turns file problems into tool execution notifications.
func sarifNotifications(problems []finding.FileError, level finding.Level) []*sarif.Notification {
	var out []*sarif.Notification
	for _, e := range problems {
		n := sarif.NewNotification().WithLevel(string(level)).WithTextMessage(e.Message)
		if e.File != "" {
			n.AddLocation(sarifLocation(finding.Location{File: e.File, Region: finding.Region{StartLine: e.Line, StartColumn: e.Column}}))
		}
		out = append(out, n)
	}
	return out
}

func sarifRule(r finding.Rule) *sarif.ReportingDescriptor {
	markdown := fmt.Sprintf("**%s %s**: %s\n\n%s\n\n[Rule documentation](%s)", r.ID, r.Name, r.Summary, r.Description, r.HelpURI)
	d := sarif.NewRule(r.ID).
		WithName(r.Name).
		WithShortDescription(sarif.NewMultiformatMessageString(r.Summary)).
		WithFullDescription(sarif.NewMultiformatMessageString(r.Description)).
		WithHelp(sarif.NewMultiformatMessageString(r.Summary + "\n\n" + r.Description).WithMarkdown(markdown)).
		WithDefaultConfiguration(&sarif.ReportingConfiguration{Level: string(r.Level)})
	if r.HelpURI != "" {
		d.WithHelpURI(r.HelpURI)
	}
	d.Properties = sarif.Properties{
		"tags":             append([]string{"serverless", "aws-lambda", "managed-instances", r.Category}, r.Tags...),
		"precision":        "very-high",
		"problem.severity": string(r.Level),
	}
	if slices.Contains(r.Tags, finding.TagSecurity) {
		d.Properties["security-severity"] = securitySeverity[r.Level]
	}
	return d
}

func sarifLocation(l finding.Location) *sarif.Location {
	region := sarif.NewRegion()
	if l.Region.StartLine > 0 {
		region.WithStartLine(l.Region.StartLine)
	}
	if l.Region.StartColumn > 0 {
		region.WithStartColumn(l.Region.StartColumn)
	}
	if l.Region.EndLine > 0 {
		region.WithEndLine(l.Region.EndLine)
	}
	if l.Region.EndColumn > 0 {
		region.WithEndColumn(l.Region.EndColumn)
	}
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(l.File))
	if l.Region.StartLine > 0 {
		pl.WithRegion(region)
	}
	return sarif.NewLocation().WithPhysicalLocation(pl)
}

// artifactLocation names a file for SARIF: a root-relative name as a
// relative URI reference against %SRCROOT%; a file outside the source root
// (its name is then absolute) as an absolute file:// URI with no base,
// since a relative reference must not begin with a slash.
func artifactLocation(file string) *sarif.ArtifactLocation {
	if _, ok := absolutePath(file); ok {
		return sarif.NewArtifactLocation().WithUri(fileURL(file))
	}
	return sarif.NewArtifactLocation().WithUri(uriPath(file)).WithUriBaseId(srcRoot)
}

// DirURI is the file:// URI of an absolute directory, escaped, with the
// trailing slash SARIF requires of a base URI: the value for
// Options.SrcRootURI.
func DirURI(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if _, ok := absolutePath(p); !ok {
		p = "/" + p
	}
	return fileURL(p)
}

// fileURL is the file:// URL of an absolute slash-separated path; a
// Windows drive letter keeps its colon (file:///C:/dir).
func fileURL(p string) string {
	vol, _ := absolutePath(p)
	return "file://" + slashPrefix(vol) + uriPath(strings.TrimPrefix(p, vol))
}

// absolutePath reports whether a slash-separated name is absolute: it
// starts with a slash, or with a Windows drive letter (returned as vol).
func absolutePath(file string) (vol string, ok bool) {
	if strings.HasPrefix(file, "/") {
		return "", true
	}
	if len(file) >= 3 && file[1] == ':' && file[2] == '/' &&
		('a' <= file[0] && file[0] <= 'z' || 'A' <= file[0] && file[0] <= 'Z') {
		return file[:2], true
	}
	return "", false
}

func slashPrefix(vol string) string {
	if vol == "" {
		return ""
	}
	return "/" + vol
}

// uriPath percent-encodes a slash-separated file name as a URI path: every
// byte but unreserved characters, "/" and a few harmless sub-delimiters is
// escaped, ":" included, so that a relative name can never read as a
// scheme, and non-ASCII names are escaped as UTF-8.
func uriPath(file string) string {
	const keep = "-._~/!$&'()*+,;=@"
	var b strings.Builder
	for i := 0; i < len(file); i++ {
		c := file[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// Fingerprint identifies a finding by rule, file, YAML path and subject:
// stable when lines shift, distinct for distinct findings. A finding
// without a subject hashes as before subjects existed.
func Fingerprint(f finding.Finding) string {
	key := f.RuleID + "\x00" + f.File + "\x00" + f.YAMLPath
	if f.Subject != "" {
		key += "\x00" + f.Subject
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}
