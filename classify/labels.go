// Package classify labels message texts (collection, threat,
// contacts_exposure, insult, impersonation, relay, loan, spam, fraud,
// service, verification) with rules kept as data in rules.json, and names the
// lending platforms a message speaks of.
//
// Rules match the normalized text (see Normalize), so that the spellings
// collectors use to dodge keyword filters ("逾 期", "通迅录", "yu期") still
// match. A message can carry several labels. README.md describes how rules
// are written.
package classify

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail"
)

//go:embed rules.json
var rulesJSON []byte

// labels are the labels rules may give, in the order of their names.
var labels = func() []leaktrail.Label {
	l := []leaktrail.Label{
		leaktrail.LabelCollection,
		leaktrail.LabelThreat,
		leaktrail.LabelContactsExposure,
		leaktrail.LabelInsult,
		leaktrail.LabelImpersonation,
		leaktrail.LabelRelay,
		leaktrail.LabelLoan,
		leaktrail.LabelSpam,
		leaktrail.LabelFraud,
		leaktrail.LabelService,
		leaktrail.LabelVerification,
	}
	slices.Sort(l)
	return l
}()

// labelIndex returns the position of label in labels, or -1.
func labelIndex(label leaktrail.Label) int {
	i, ok := slices.BinarySearch(labels, label)
	if !ok {
		return -1
	}
	return i
}

// labelSet is a set of labels, a bit per position in labels.
type labelSet uint32

func (s labelSet) has(i int) bool { return s&(1<<i) != 0 }

// LabelWeight is the weight of one label of a message: the highest weight of
// the rules that gave it.
type LabelWeight struct {
	Label  leaktrail.Label `json:"label"`
	Weight float64         `json:"weight"`
}

// Result is what Label finds in a message.
type Result struct {
	// Labels are sorted and unique; nil when no rule matched.
	Labels []leaktrail.Label `json:"labels"`
	// Weights has one entry per label, in the order of Labels.
	Weights []LabelWeight `json:"weights"`
	// Rules are the ids of the rules behind Labels, sorted. Rules whose
	// label was vetoed by another rule are not listed.
	Rules []string `json:"rules"`
	// Platforms are the lending platforms the message names, as written,
	// sorted and unique.
	Platforms []string `json:"platforms"`
}

// Has reports whether r carries label.
func (r Result) Has(label leaktrail.Label) bool {
	_, ok := slices.BinarySearch(r.Labels, label)
	return ok
}

// Errors of a rules file, wrapped in a *RuleError.
var (
	ErrUnknownLabel  = errors.New("unknown label")
	ErrDuplicateID   = errors.New("duplicate rule id")
	ErrBadID         = errors.New("rule id must be lower-case letters, digits, '_' and '.'")
	ErrBadWeight     = errors.New("weight must be in (0, 1]")
	ErrBadPattern    = errors.New("bad pattern")
	ErrNoPattern     = errors.New("no pattern")
	ErrNoReason      = errors.New("reason missing in zh or en")
	ErrNotNormalized = errors.New("plain pattern is not in normalized form")
	ErrUnknownSet    = errors.New("unknown set")
	ErrVetoCycle     = errors.New("vetoes form a cycle")
)

// RuleError is an error in one rule of a rules file. Rule is the rule's id,
// or "set NAME" for an error in a set.
type RuleError struct {
	Rule string
	Err  error
}

func (e *RuleError) Error() string { return fmt.Sprintf("rule %s: %v", e.Rule, e.Err) }
func (e *RuleError) Unwrap() error { return e.Err }

// ruleFile is the shape of rules.json.
type ruleFile struct {
	Note string `json:"note"`
	// Sets are named lists of patterns that rules refer to as "@name".
	Sets map[string][]string `json:"sets"`
	// SignatureStop are signatures that never name a lending platform
	// (carriers, couriers, government, large apps), compared after
	// Normalize.
	SignatureStop []string `json:"signature_stop"`
	// SignatureStopWords make any signature containing one of them a
	// non-platform: "银行", "公安", "快递".
	SignatureStopWords []string `json:"signature_stop_words"`
	// PlatformGeneric are words that phrases like "你在XX的欠款" catch in
	// place of a name: "我司", "网贷", "多个".
	PlatformGeneric []string   `json:"platform_generic"`
	Rules           []ruleSpec `json:"rules"`
}

// ruleSpec is one rule as written in rules.json.
type ruleSpec struct {
	ID     string  `json:"id"`
	Label  string  `json:"label"`
	Weight float64 `json:"weight"`
	// When lists groups of patterns: the rule matches when every group has
	// a pattern that matches.
	When [][]string `json:"when"`
	// Unless lists patterns any one of which stops the rule.
	Unless []string `json:"unless"`
	// Veto lists labels this rule removes from the message's result.
	Veto []string `json:"veto"`
	ZH   string   `json:"zh"`
	EN   string   `json:"en"`
	Note string   `json:"note"`
}

// Labeler labels messages. It is safe for concurrent use.
type Labeler struct {
	rules []rule // sorted by id
	byID  map[string]*rule

	// Plain patterns, indexed by their first rune: first[r] is 1 + the
	// index in buckets of the patterns starting with r, for r in the BMP;
	// firstAstral does the same above it.
	first       []uint16
	firstAstral map[rune]uint16
	buckets     []bucket
	ngroups     int

	res []matcher // regexps, on the normalized or the folded text

	sigStop      map[string]bool
	sigStopWords []string
	generic      map[string]bool
}

// plain is a substring pattern and the groups it satisfies.
type plain struct {
	text   string
	groups []int32
}

// bucket holds the plain patterns that start with one rune: those of that
// rune alone, and the longer ones by their second rune.
type bucket struct {
	single  []plain
	seconds []rune // sorted
	longer  []next
}

// next holds the plain patterns of a bucket that go on with one second
// rune: those of two runes, and the longer ones by their third rune, so
// that a word that starts many patterns ("你的", "明天") costs a look-up,
// not a comparison with each of them.
type next struct {
	two    []plain
	thirds []rune // sorted
	longer [][]plain
}

// next returns the patterns of b whose second rune is r2 (-1 at the end of
// the text), or nil.
func (b *bucket) next(r2 rune) *next {
	if r2 < 0 {
		return nil
	}
	if i, ok := slices.BinarySearch(b.seconds, r2); ok {
		return &b.longer[i]
	}
	return nil
}

// candidates returns the patterns of n of three runes or more whose third
// rune is r3.
func (n *next) candidates(r3 rune) []plain {
	if i, ok := slices.BinarySearch(n.thirds, r3); ok {
		return n.longer[i]
	}
	return nil
}

// matcher is a compiled "re:" or "raw:" pattern.
type matcher struct {
	re  *regexp.Regexp
	raw bool // matches the folded text, not the normalized one
}

// group is an any-of list of patterns: its plain patterns set bit id in the
// per-message hits; its "sig:" words and then its regexps are tried when
// that bit is not set.
type group struct {
	id   int
	sigs []sigWord // "sig:" words, looked for in the message's signatures
	res  []int     // indexes in Labeler.res
}

type rule struct {
	id     string
	label  int // index in labels
	weight float64
	when   []group // plain-only groups first
	unless *group
	veto   labelSet
	zh, en string
}

// New returns a Labeler with the embedded rules.
func New() (*Labeler, error) {
	return load(rulesJSON)
}

// compiler builds a Labeler from a rule file.
type compiler struct {
	l      *Labeler
	sets   map[string][]string
	plains map[string]int // pattern -> index in order
	order  []plain
	res    map[string]int // "re:..." or "raw:..." -> index in l.res
}

// load parses and checks a rules file.
func load(data []byte) (*Labeler, error) {
	var f ruleFile
	if err := decodeStrict(data, &f); err != nil {
		return nil, fmt.Errorf("parse rules: %w", err)
	}
	l := &Labeler{
		byID:        make(map[string]*rule, len(f.Rules)),
		firstAstral: make(map[rune]uint16),
		sigStop:     make(map[string]bool),
		generic:     make(map[string]bool),
	}
	c := &compiler{l: l, sets: f.Sets, plains: make(map[string]int), res: make(map[string]int)}
	for _, name := range slices.Sorted(maps.Keys(f.Sets)) {
		for _, p := range f.Sets[name] {
			if err := checkPattern(p); err != nil {
				return nil, &RuleError{"set " + name, err}
			}
		}
	}
	specs := slices.Clone(f.Rules)
	slices.SortStableFunc(specs, func(a, b ruleSpec) int { return strings.Compare(a.ID, b.ID) })
	l.rules = make([]rule, 0, len(specs))
	for i, s := range specs {
		if i > 0 && specs[i-1].ID == s.ID {
			return nil, &RuleError{s.ID, ErrDuplicateID}
		}
		r, err := c.rule(s)
		if err != nil {
			return nil, &RuleError{s.ID, err}
		}
		l.rules = append(l.rules, r)
	}
	for i := range l.rules {
		l.byID[l.rules[i].id] = &l.rules[i]
	}
	if err := checkVetoes(l.rules); err != nil {
		return nil, err
	}
	c.index()
	for _, s := range f.SignatureStop {
		l.sigStop[Normalize(s)] = true
	}
	for _, s := range f.SignatureStopWords {
		if n := Normalize(s); n != "" {
			l.sigStopWords = append(l.sigStopWords, n)
		}
	}
	for _, s := range f.PlatformGeneric {
		l.generic[Normalize(s)] = true
	}
	return l, nil
}

// decodeStrict decodes one JSON value into v, rejecting unknown fields and
// trailing data.
func decodeStrict(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errors.New("data after the rules object")
	}
	return nil
}

// rule compiles one rule.
func (c *compiler) rule(s ruleSpec) (rule, error) {
	r := rule{id: s.ID, weight: s.Weight, zh: s.ZH, en: s.EN}
	if !validID(s.ID) {
		return r, ErrBadID
	}
	if r.label = labelIndex(leaktrail.Label(s.Label)); r.label < 0 {
		return r, fmt.Errorf("%w %q", ErrUnknownLabel, s.Label)
	}
	if !(s.Weight > 0 && s.Weight <= 1) {
		return r, fmt.Errorf("%w: %v", ErrBadWeight, s.Weight)
	}
	if strings.TrimSpace(s.ZH) == "" || strings.TrimSpace(s.EN) == "" {
		return r, ErrNoReason
	}
	if len(s.When) == 0 {
		return r, ErrNoPattern
	}
	for _, pats := range s.When {
		g, err := c.group(pats)
		if err != nil {
			return r, err
		}
		r.when = append(r.when, g)
	}
	// Groups of plain patterns alone cost a bit test: try them first.
	slices.SortStableFunc(r.when, func(a, b group) int {
		return min(len(a.res), 1) - min(len(b.res), 1)
	})
	if len(s.Unless) > 0 {
		g, err := c.group(s.Unless)
		if err != nil {
			return r, fmt.Errorf("unless: %w", err)
		}
		r.unless = &g
	}
	for _, v := range s.Veto {
		i := labelIndex(leaktrail.Label(v))
		if i < 0 {
			return r, fmt.Errorf("veto: %w %q", ErrUnknownLabel, v)
		}
		r.veto |= 1 << i
	}
	return r, nil
}

// validID reports whether id is made of lower-case ASCII letters, digits,
// '_' and '.'.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// group compiles an any-of list of patterns.
func (c *compiler) group(pats []string) (group, error) {
	g := group{id: c.l.ngroups}
	c.l.ngroups++
	var expanded []string
	for _, p := range pats {
		if name, ok := strings.CutPrefix(p, "@"); ok {
			set, ok := c.sets[name]
			if !ok {
				return g, fmt.Errorf("%w %q", ErrUnknownSet, name)
			}
			expanded = append(expanded, set...)
			continue
		}
		expanded = append(expanded, p)
	}
	if len(expanded) == 0 {
		return g, ErrNoPattern
	}
	for _, p := range expanded {
		var err error
		switch {
		case strings.HasPrefix(p, "sig:"):
			err = sigWords(&g, p)
		case strings.HasPrefix(p, "re:"):
			err = c.regexp(&g, p, false)
		case strings.HasPrefix(p, "raw:"):
			err = c.regexp(&g, p, true)
		default:
			err = c.plain(g.id, p)
		}
		if err != nil {
			return g, err
		}
	}
	return g, nil
}

// checkPattern checks a pattern of a set, which rules may or may not use.
func checkPattern(p string) error {
	switch {
	case strings.HasPrefix(p, "@"):
		return fmt.Errorf("%w: sets cannot refer to sets (%q)", ErrBadPattern, p)
	case strings.HasPrefix(p, "re:"), strings.HasPrefix(p, "raw:"):
		c := &compiler{l: &Labeler{}, res: make(map[string]int)}
		return c.regexp(&group{}, p, strings.HasPrefix(p, "raw:"))
	case strings.HasPrefix(p, "sig:"):
		return sigWords(&group{}, p)
	default:
		c := &compiler{plains: make(map[string]int)}
		return c.plain(0, p)
	}
}

// sigWord is a word of a "sig:" pattern, with the bit of its first rune in
// a message's runeMask.
type sigWord struct {
	text string
	bit  uint64
}

// runeBit is the bit of r in a runeMask: a set of runes, with collisions.
func runeBit(r rune) uint64 { return 1 << (uint(r) & 63) }

// sigWords adds the words of a "sig:" pattern to g: "sig:(银行|信用社)"
// matches a message whose signature (【XX】 at its start or end) holds 银行
// or 信用社. The words are in normalized form, like plain patterns.
func sigWords(g *group, p string) error {
	alts, err := expand(strings.TrimPrefix(p, "sig:"))
	if err != nil {
		return fmt.Errorf("%w %q: %w", ErrBadPattern, p, err)
	}
	for _, a := range alts {
		if a == "" {
			return fmt.Errorf("%w %q: an alternative is empty", ErrBadPattern, p)
		}
		if n := Normalize(a); n != a {
			return fmt.Errorf("%w: %q reads %q", ErrNotNormalized, a, n)
		}
		r, _ := utf8.DecodeRuneInString(a)
		w := sigWord{a, runeBit(r)}
		if !slices.Contains(g.sigs, w) {
			g.sigs = append(g.sigs, w)
		}
	}
	return nil
}

// regexp compiles a "re:" or "raw:" pattern, once per Labeler.
func (c *compiler) regexp(g *group, p string, raw bool) error {
	if i, ok := c.res[p]; ok {
		if !slices.Contains(g.res, i) {
			g.res = append(g.res, i)
		}
		return nil
	}
	expr := strings.TrimPrefix(strings.TrimPrefix(p, "re:"), "raw:")
	re, err := regexp.Compile(expr)
	if err != nil {
		return fmt.Errorf("%w %q: %w", ErrBadPattern, p, err)
	}
	if expr == "" {
		return fmt.Errorf("%w: empty regexp", ErrBadPattern)
	}
	c.res[p] = len(c.l.res)
	g.res = append(g.res, len(c.l.res))
	c.l.res = append(c.l.res, matcher{re: re, raw: raw})
	return nil
}

// plain adds a substring pattern, after expanding its alternations:
// "(你|您)(的|)家人" stands for 你的家人, 你家人, 您的家人, 您家人.
func (c *compiler) plain(gid int, p string) error {
	alts, err := expand(p)
	if err != nil {
		return fmt.Errorf("%w %q: %w", ErrBadPattern, p, err)
	}
	for _, a := range alts {
		if a == "" {
			return fmt.Errorf("%w %q: an alternative is empty", ErrBadPattern, p)
		}
		if n := Normalize(a); n != a {
			return fmt.Errorf("%w: %q reads %q", ErrNotNormalized, a, n)
		}
		i, ok := c.plains[a]
		if !ok {
			i = len(c.order)
			c.plains[a] = i
			c.order = append(c.order, plain{text: a})
		}
		if gs := c.order[i].groups; len(gs) == 0 || gs[len(gs)-1] != int32(gid) {
			c.order[i].groups = append(gs, int32(gid))
		}
	}
	return nil
}

// maxExpansion bounds the strings one plain pattern expands to.
const maxExpansion = 1024

// expand expands the "(a|b|)" alternations of a plain pattern.
func expand(p string) ([]string, error) {
	out := []string{""}
	for p != "" {
		open := strings.IndexAny(p, "(|)")
		if open < 0 {
			for i := range out {
				out[i] += p
			}
			break
		}
		if p[open] != '(' {
			return nil, fmt.Errorf("%q outside brackets", p[open])
		}
		lit := p[:open]
		end := strings.IndexByte(p[open:], ')')
		if end < 0 {
			return nil, errors.New("unclosed bracket")
		}
		inner := p[open+1 : open+end]
		if strings.IndexByte(inner, '(') >= 0 {
			return nil, errors.New("nested brackets")
		}
		choices := strings.Split(inner, "|")
		if len(out)*len(choices) > maxExpansion {
			return nil, fmt.Errorf("more than %d alternatives", maxExpansion)
		}
		next := make([]string, 0, len(out)*len(choices))
		for _, o := range out {
			for _, ch := range choices {
				next = append(next, o+lit+ch)
			}
		}
		out = next
		p = p[open+end+1:]
	}
	return out, nil
}

// index builds the first-rune index of the plain patterns.
func (c *compiler) index() {
	l := c.l
	l.first = make([]uint16, 0x10000)
	slot := func(r rune) *bucket {
		if r < 0x10000 {
			if l.first[r] == 0 {
				l.buckets = append(l.buckets, bucket{})
				l.first[r] = uint16(len(l.buckets))
			}
			return &l.buckets[l.first[r]-1]
		}
		if l.firstAstral[r] == 0 {
			l.buckets = append(l.buckets, bucket{})
			l.firstAstral[r] = uint16(len(l.buckets))
		}
		return &l.buckets[l.firstAstral[r]-1]
	}
	for _, p := range c.order {
		r, size := utf8.DecodeRuneInString(p.text)
		b := slot(r)
		if size == len(p.text) {
			b.single = append(b.single, p)
			continue
		}
		r2, size2 := utf8.DecodeRuneInString(p.text[size:])
		i, ok := slices.BinarySearch(b.seconds, r2)
		if !ok {
			b.seconds = slices.Insert(b.seconds, i, r2)
			b.longer = slices.Insert(b.longer, i, next{})
		}
		n := &b.longer[i]
		if size+size2 == len(p.text) {
			n.two = append(n.two, p)
			continue
		}
		r3, _ := utf8.DecodeRuneInString(p.text[size+size2:])
		j, ok := slices.BinarySearch(n.thirds, r3)
		if !ok {
			n.thirds = slices.Insert(n.thirds, j, r3)
			n.longer = slices.Insert(n.longer, j, nil)
		}
		n.longer[j] = append(n.longer[j], p)
	}
}

// checkVetoes rejects a rule that vetoes its own label and vetoes that form
// a cycle between labels: with a cycle, which label survives would depend
// on the order rules are applied in.
func checkVetoes(rules []rule) error {
	var edges [32]labelSet // label -> labels its rules veto
	first := make(map[[2]int]string)
	for _, r := range rules {
		if r.veto.has(r.label) {
			return &RuleError{r.id, fmt.Errorf("%w: vetoes its own label", ErrVetoCycle)}
		}
		edges[r.label] |= r.veto
		for to := range labels {
			if r.veto.has(to) {
				if _, ok := first[[2]int{r.label, to}]; !ok {
					first[[2]int{r.label, to}] = r.id
				}
			}
		}
	}
	// Transitive closure over at most 11 labels.
	reach := edges
	for range labels {
		for a := range labels {
			for b := range labels {
				if reach[a].has(b) {
					reach[a] |= reach[b]
				}
			}
		}
	}
	for a := range labels {
		if reach[a].has(a) {
			for b := range labels {
				if edges[a].has(b) && reach[b].has(a) {
					return &RuleError{first[[2]int{a, b}], fmt.Errorf("%w: %s and %s veto each other", ErrVetoCycle, labels[a], labels[b])}
				}
			}
		}
	}
	return nil
}

// Reason returns the human-readable reason of a rule in English when lang is
// "en", in Chinese otherwise; "" for an unknown rule.
func (l *Labeler) Reason(ruleID, lang string) string {
	r, ok := l.byID[ruleID]
	if !ok {
		return ""
	}
	if lang == "en" {
		return r.en
	}
	return r.zh
}

// RuleIDs returns the ids of all rules, sorted.
func (l *Labeler) RuleIDs() []string {
	ids := make([]string, len(l.rules))
	for i, r := range l.rules {
		ids[i] = r.id
	}
	return ids
}

// RuleLabel returns the label a rule gives, and false for an unknown rule.
func (l *Labeler) RuleLabel(ruleID string) (leaktrail.Label, bool) {
	r, ok := l.byID[ruleID]
	if !ok {
		return "", false
	}
	return labels[r.label], true
}

// message is the state of labelling one message.
type message struct {
	l      *Labeler
	body   string
	text   string // normalized
	folded string
	fdone  bool
	sig    string // the signatures, normalized, each followed by '|'
	sigSet uint64 // runeBit of each rune of sig
	sdone  bool
	hits   []uint64 // group ids with a plain pattern found
	reDone []uint64 // regexps tried
	reHit  []uint64 // regexps that matched
}

// Label labels one message body.
func (l *Labeler) Label(body string) Result {
	m := message{l: l, body: body, text: Normalize(body)}
	words := (l.ngroups + 63) / 64
	rwords := (len(l.res) + 63) / 64
	buf := make([]uint64, words+2*rwords)
	m.hits, m.reDone, m.reHit = buf[:words], buf[words:words+rwords], buf[words+rwords:]
	m.scan()

	var fired []int
	var veto labelSet
	for i := range l.rules {
		if m.fires(&l.rules[i]) {
			fired = append(fired, i)
			veto |= l.rules[i].veto
		}
	}
	var res Result
	var got labelSet
	var weight [32]float64
	for _, i := range fired {
		r := &l.rules[i]
		if veto.has(r.label) {
			continue
		}
		got |= 1 << r.label
		weight[r.label] = max(weight[r.label], r.weight)
		res.Rules = append(res.Rules, r.id)
	}
	for i, label := range labels {
		if got.has(i) {
			res.Labels = append(res.Labels, label)
			res.Weights = append(res.Weights, LabelWeight{label, weight[i]})
		}
	}
	res.Platforms = l.platforms(body, got)
	return res
}

// scan finds the plain patterns in the normalized text.
func (m *message) scan() {
	l, text := m.l, m.text
	r, size := decodeRune(text)
	for i := 0; i < len(text); {
		r2, size2 := rune(-1), 0
		if i+size < len(text) {
			r2, size2 = decodeRune(text[i+size:])
		}
		var s uint16
		if r < 0x10000 {
			s = l.first[r]
		} else {
			s = l.firstAstral[r]
		}
		if s != 0 {
			b := &l.buckets[s-1]
			for _, p := range b.single {
				m.hit(p)
			}
			if n := b.next(r2); n != nil {
				for _, p := range n.two {
					m.hit(p)
				}
				if j := i + size + size2; len(n.thirds) > 0 && j < len(text) {
					r3, _ := decodeRune(text[j:])
					rest := text[i:]
					for _, p := range n.candidates(r3) {
						if strings.HasPrefix(rest, p.text) {
							m.hit(p)
						}
					}
				}
			}
		}
		i += size
		r, size = r2, size2
	}
}

// decodeRune is utf8.DecodeRuneInString with the ASCII case inlined.
func decodeRune(s string) (rune, int) {
	if len(s) > 0 && s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

// hit records that plain pattern p occurs.
func (m *message) hit(p plain) {
	for _, g := range p.groups {
		m.hits[g>>6] |= 1 << (g & 63)
	}
}

// fires reports whether rule r matches the message.
func (m *message) fires(r *rule) bool {
	for i := range r.when {
		if !m.matches(&r.when[i]) {
			return false
		}
	}
	return r.unless == nil || !m.matches(r.unless)
}

// matches reports whether a pattern of group g matches.
func (m *message) matches(g *group) bool {
	if m.hits[g.id>>6]&(1<<(g.id&63)) != 0 {
		return true
	}
	if len(g.sigs) > 0 {
		if sig := m.signature(); sig != "" {
			for _, w := range g.sigs {
				if m.sigSet&w.bit != 0 && strings.Contains(sig, w.text) {
					return true
				}
			}
		}
	}
	for _, i := range g.res {
		if m.regexp(i) {
			return true
		}
	}
	return false
}

// signature returns the message's signatures (see signatures), normalized,
// each followed by '|', which no normalized text holds: a word cannot match
// across two of them.
func (m *message) signature() string {
	if !m.sdone {
		var b strings.Builder
		sigs := signatures(m.body)
		if sigs == nil && strings.Contains(m.body, "【") {
			sigs = signatures(stripInvisible(m.body))
		}
		for _, s := range sigs {
			b.WriteString(Normalize(s))
			b.WriteByte('|')
		}
		m.sig, m.sdone = b.String(), true
		for _, r := range m.sig {
			m.sigSet |= runeBit(r)
		}
	}
	return m.sig
}

// regexp runs regexp i once per message.
func (m *message) regexp(i int) bool {
	w, bit := i>>6, uint64(1)<<(i&63)
	if m.reDone[w]&bit != 0 {
		return m.reHit[w]&bit != 0
	}
	mt := m.l.res[i]
	text := m.text
	if mt.raw {
		if !m.fdone {
			m.folded, m.fdone = fold(m.body), true
		}
		text = m.folded
	}
	m.reDone[w] |= bit
	if mt.re.MatchString(text) {
		m.reHit[w] |= bit
		return true
	}
	return false
}

// Platform names.

// debtLabels are the labels under which a phrase such as "你在XX的欠款"
// names a lending platform.
var debtLabels = labelsOf(leaktrail.LabelCollection, leaktrail.LabelLoan, leaktrail.LabelThreat,
	leaktrail.LabelContactsExposure, leaktrail.LabelImpersonation, leaktrail.LabelRelay)

// signatureLabels are the labels under which a message's signature 【XX】
// names a lending platform.
var signatureLabels = labelsOf(leaktrail.LabelCollection, leaktrail.LabelLoan)

func labelsOf(ls ...leaktrail.Label) labelSet {
	var s labelSet
	for _, label := range ls {
		s |= 1 << labelIndex(label)
	}
	return s
}

// maxName is the most characters a platform name has.
const maxName = 8

// debtWords follow a platform's name in "你在XX的欠款", "XX平台的借款",
// "XX逾期".
var debtWords = []string{"欠款", "借款", "贷款", "账单", "债务", "分期", "借的", "欠的", "借了", "欠了", "逾期"}

// stopRunes end a platform name when read backwards from a debt word: the
// particles and pronouns around a name. Names that contain one
// (你我贷) are found from the signature only.
const stopRunes = "在于的是你您我他她它们已了和与及从向对把被给将请说都也又就才均全还不没再"

// platforms returns the lending platforms body names, as written.
func (l *Labeler) platforms(body string, got labelSet) []string {
	if got&debtLabels == 0 {
		return nil
	}
	body = stripInvisible(body)
	var names []string
	if got&signatureLabels != 0 {
		for _, s := range signatures(body) {
			if name := trimName(s); l.isPlatform(name) && !l.sigStopped(name) {
				names = append(names, name)
			}
		}
	}
	names = append(names, l.phrasePlatforms(body)...)
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// signatures returns the texts inside 【】 at the start and at the end of
// body.
func signatures(body string) []string {
	s := strings.TrimSpace(body)
	var out []string
	if rest, ok := strings.CutPrefix(s, "【"); ok {
		if end := strings.Index(rest, "】"); end > 0 {
			out = append(out, rest[:end])
			s = strings.TrimSpace(rest[end+len("】"):])
		}
	}
	if rest, ok := strings.CutSuffix(s, "】"); ok {
		if start := strings.LastIndex(rest, "【"); start >= 0 {
			out = append(out, rest[start+len("【"):])
		}
	}
	return out
}

// sigStopped reports whether a signature belongs to a bank, carrier,
// courier, government body or large app.
func (l *Labeler) sigStopped(name string) bool {
	n := Normalize(name)
	if l.sigStop[n] {
		return true
	}
	for _, w := range l.sigStopWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// notInName are debt words a platform's name never holds: "欠款都逾期"
// read backwards from 逾期 is not a name.
var notInName = []string{"欠款", "借款", "贷款", "账单", "还款", "逾期", "催收", "网贷"}

// isPlatform reports whether name can be a platform's name: 2 to 8
// letters or digits, not all digits, not a generic word.
func (l *Labeler) isPlatform(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > maxName || l.generic[Normalize(name)] {
		return false
	}
	for _, w := range notInName {
		if strings.Contains(name, w) {
			return false
		}
	}
	letters := false
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters && !hasCount(name)
}

// hasCount reports whether name holds a number followed by a measure word
// ("3天", "两笔"): a count, not a name.
func hasCount(name string) bool {
	digits := false
	for _, r := range name {
		switch {
		case strings.ContainsRune("0123456789一二三四五六七八九十两百千万几多", r):
			digits = true
		case digits && strings.ContainsRune("天日月年个笔次家期元块位条", r):
			return true
		default:
			digits = false
		}
	}
	return false
}

// trimName strips spaces and the generic affixes a name may carry.
func trimName(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(s)
		for _, suffix := range []string{"平台", "APP", "App", "app", "的"} {
			t = strings.TrimSuffix(t, suffix)
		}
		t = strings.TrimPrefix(t, "的")
		if t == s {
			return s
		}
		s = t
	}
}

// phrasePlatforms finds "你在XX的欠款", "XX平台的借款" and "XX逾期" in body.
func (l *Labeler) phrasePlatforms(body string) []string {
	var names []string
	for _, w := range debtWords {
		for off := 0; ; {
			i := strings.Index(body[off:], w)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(w)
			if name, ok := l.nameBefore(body[:at], w); ok {
				names = append(names, name)
			}
		}
	}
	return names
}

// nameBefore reads a platform's name backwards from the end of s, which a
// debt word w follows.
func (l *Labeler) nameBefore(s, w string) (string, bool) {
	// Connectors and an amount between the name and the debt word:
	// "XX的借款", "XX已逾期", "XX的3000元借款".
	for {
		t := trimAmount(s)
		for _, c := range []string{"上的", "里的", "处的", "的", "已经", "已"} {
			if (c == "已" || c == "已经") && w != "逾期" {
				continue
			}
			if u, ok := strings.CutSuffix(t, c); ok {
				t = u
				break
			}
		}
		if t == s {
			break
		}
		s = t
	}
	platform := false
	for _, suffix := range []string{"平台", "APP", "App", "app"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s, platform = t, true
			break
		}
	}
	end := len(s)
	n := 0
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if !(unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r)) || strings.ContainsRune(stopRunes, r) {
			break
		}
		end -= size
		n++
		if n > maxName {
			return "", false // no boundary: cannot tell where the name starts
		}
	}
	name := s[end:]
	before, _ := utf8.DecodeLastRuneInString(s[:end])
	anchored := before == '在' || before == '于'
	// "你在XX的欠款" needs its 在; "XX平台的借款" and "XX逾期" need a
	// boundary (start, punctuation, a particle) before the name, which the
	// loop above guarantees.
	if !platform && w != "逾期" && !anchored {
		return "", false
	}
	name = trimName(name)
	for again := true; again; {
		again = false
		for _, prefix := range namePrefixes {
			if t, ok := strings.CutPrefix(name, prefix); ok {
				name, again = t, true
			}
		}
	}
	if !l.isPlatform(name) {
		return "", false
	}
	return name, true
}

// trimAmount removes an amount ("3000元", "1,050.00块") from the end of s.
func trimAmount(s string) string {
	t, ok := strings.CutSuffix(s, "元")
	if !ok {
		if t, ok = strings.CutSuffix(s, "块"); !ok {
			return s
		}
	}
	end := len(t)
	digits := false
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:end])
		if unicode.IsDigit(r) {
			digits = true
		} else if r != '.' && r != ',' {
			break
		}
		end -= size
	}
	if !digits {
		return s
	}
	return t[:end]
}

// namePrefixes are words a backward scan may catch in front of a name:
// "已经严重逾期" read back from 逾期 stops at 已 and yields "经严重".
var namePrefixes = []string{"经", "严重", "长期", "恶意", "多次", "连续", "一直", "目前", "现在", "全部"}

// stripInvisible removes the format characters (zero-width, bidi) that a
// name may hide between its letters.
func stripInvisible(s string) string {
	if !strings.ContainsFunc(s, isInvisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

func isInvisible(r rune) bool {
	return r >= 0x80 && unicode.Is(unicode.Cf, r)
}
