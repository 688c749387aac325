package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/leaktrail/leaktrail/classify"
)

// jsonFormatVersion is the version of WriteJSON's layout; it changes only
// when a field changes meaning or goes away.
const jsonFormatVersion = 1

// jsonTimeMillis is RFC 3339 with milliseconds, the precision of the exports.
const jsonTimeMillis = "2006-01-02T15:04:05.000Z07:00"

// WriteJSON writes everything machine-readable in one JSON object:
//
//	{"generator": "leaktrail", "format_version": 1, "lang": "zh", "masked": false,
//	 "analysis": {...}, "sources": [...], "days": [...], "third_party": {...},
//	 "timeline": [{...}, ...]}
//
// analysis is classify's JSON (what "leaktrail analyze --json" prints);
// the timeline holds every event, one a line, streamed from the database
// rather than built in memory. Field names are snake_case, times are RFC
// 3339 with the case's offset (timeline times with milliseconds), and the
// same case gives the same bytes: the generation time is not in it.
// Sources carry their file name, not the path they were imported from.
func WriteJSON(ctx context.Context, w io.Writer, d *Data) error {
	bw := bufio.NewWriter(w)
	if err := writeJSON(ctx, bw, d); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func writeJSON(ctx context.Context, w *bufio.Writer, d *Data) error {
	w.WriteString("{")
	fmt.Fprintf(w, "\n  %q: ", "generator")
	w.WriteString(`"leaktrail",`)
	fmt.Fprintf(w, "\n  %q: %d,", "format_version", jsonFormatVersion)
	lang, err := json.Marshal(d.Lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n  %q: %s,", "lang", lang)
	fmt.Fprintf(w, "\n  %q: %t,", "masked", d.Mask)
	fmt.Fprintf(w, "\n  %q: ", "analysis")
	if err := writeAnalysisJSON(w, d.Analysis); err != nil {
		return fmt.Errorf("analysis: %w", err)
	}
	w.WriteString(",")
	for _, f := range []struct {
		key   string
		v     any
		depth int // how deep to break the value into lines
	}{
		{"sources", jsonSources(d), 1},
		{"days", jsonDays(d.Days), 1},
		{"third_party", jsonThirdParty{
			Phones:  jsonList(d.ThirdParty.Phones),
			Numbers: d.ThirdParty.Numbers,
			Events:  d.ThirdParty.Events,
			Relays:  d.ThirdParty.Relays,
		}, 1},
	} {
		b, err := json.Marshal(f.v)
		if err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
		fmt.Fprintf(w, "\n  %q: ", f.key)
		if err := writeJSONLines(w, b, "  ", f.depth); err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
		w.WriteString(",")
	}
	w.WriteString("\n  \"timeline\": [")
	n := 0
	err = d.Events(ctx, func(e Event) error {
		var dur *int64
		if e.DurationS >= 0 {
			dur = &e.DurationS
		}
		b, err := json.Marshal(jsonEvent{
			ID: e.ID, Time: e.Time.Format(jsonTimeMillis), Phone: e.Phone, Kind: e.Kind,
			Direction: e.Direction, Status: e.Status, Number: e.Number, Category: e.Category,
			ContactName: e.ContactName, DurationS: dur, Body: e.Body, Labels: jsonList(e.Labels),
			Why: e.Why, Witnesses: jsonList(e.Witnesses), Source: e.Source, Locator: e.Locator,
		})
		if err != nil {
			return fmt.Errorf("event %d: %w", e.ID, err)
		}
		if n > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n    ")
		_, err = w.Write(b)
		n++
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		w.WriteString("\n  ")
	}
	_, err = w.WriteString("]\n}\n")
	return err
}

// writeAnalysisJSON writes the analysis as writeJSONLines does its
// json.Marshal at depth 2 under an indent of two spaces (one number, one
// rule a line), but one number and one finding at a time: the whole
// analysis of a large case in one buffer would be hundreds of megabytes.
func writeAnalysisJSON(w *bufio.Writer, a *classify.Analysis) error {
	const line1, line2 = "\n    ", "\n      " // members, then elements
	compact := func(v any) error {
		b, err := json.Marshal(v)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	// value writes a member's value broken into lines one level down.
	value := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return writeJSONLines(w, b, "    ", 1)
	}
	array := func(n int, elem func(i int) error) error {
		if n == 0 {
			w.WriteString("[]")
			return nil
		}
		w.WriteString("[")
		for i := range n {
			if i > 0 {
				w.WriteString(",")
			}
			w.WriteString(line2)
			if err := elem(i); err != nil {
				return err
			}
		}
		w.WriteString(line1 + "]")
		return nil
	}
	members := []struct {
		key   string
		write func() error
	}{
		{"timezone", func() error { return value(a.Timezone) }},
		{"owner", func() error { return value(a.Owner) }},
		{"onset", func() error { return value(a.Onset) }},
		{"leak", func() error { return value(a.Leak) }},
		{"platforms", func() error { return value(a.Platforms) }},
		{"numbers", func() error {
			return array(len(a.Numbers), func(i int) error { return compact(&a.Numbers[i]) })
		}},
		{"violations", func() error {
			return array(len(a.Violations), func(i int) error { return violationJSON(w, &a.Violations[i]) })
		}},
		{"counts", func() error { return value(a.Counts) }},
	}
	w.WriteString("{")
	for i, m := range members {
		if i > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(w, "%s%q: ", line1, m.key)
		if err := m.write(); err != nil {
			return fmt.Errorf("%s: %w", m.key, err)
		}
	}
	_, err := w.WriteString("\n  }")
	return err
}

// violationJSON writes json.Marshal's bytes of v, its findings one at a
// time.
func violationJSON(w *bufio.Writer, v *classify.Violation) error {
	if len(v.Findings) == 0 {
		b, err := json.Marshal(v)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	head := *v
	head.Findings = []classify.Finding{}
	b, err := json.Marshal(&head)
	if err != nil {
		return err
	}
	w.Write(bytes.TrimSuffix(b, []byte("]}"))) // ... "findings":[
	for i := range v.Findings {
		if i > 0 {
			w.WriteByte(',')
		}
		b, err := json.Marshal(&v.Findings[i])
		if err != nil {
			return err
		}
		w.Write(b)
	}
	_, err = w.WriteString("]}")
	return err
}

// writeJSONLines writes the compact JSON value raw (as json.Marshal
// writes it) with the members or elements of its objects and arrays one a
// line, down to depth levels; deeper values stay on one line, as Marshal
// wrote them. A diff of two reports then shows which number or day
// changed. It scans the bytes once, without decoding them.
func writeJSONLines(w *bufio.Writer, raw []byte, indent string, depth int) error {
	level := 0
	inString, escaped := false, false
	start := 0 // of the bytes not yet written
	newline := func(level int) {
		w.WriteByte('\n')
		w.WriteString(indent)
		for range level {
			w.WriteString("  ")
		}
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			if i+1 < len(raw) && (raw[i+1] == '}' || raw[i+1] == ']') {
				i++ // empty: {} or []
				continue
			}
			level++
			if level <= depth {
				w.Write(raw[start : i+1])
				newline(level)
				start = i + 1
			}
		case '}', ']':
			if level <= depth {
				w.Write(raw[start:i])
				newline(level - 1)
				start = i
			}
			level--
		case ',':
			if level <= depth {
				w.Write(raw[start : i+1])
				newline(level)
				start = i + 1
			}
		case ':':
			if level <= depth {
				w.Write(raw[start : i+1])
				w.WriteByte(' ')
				start = i + 1
			}
		}
	}
	_, err := w.Write(raw[start:])
	return err
}

// jsonEvent is one event of the timeline (see Event).
type jsonEvent struct {
	ID          int64    `json:"id"`
	Time        string   `json:"time"`
	Phone       string   `json:"phone"`
	Kind        string   `json:"kind"`
	Direction   string   `json:"direction"`
	Status      string   `json:"status"`
	Number      string   `json:"number"`
	Category    string   `json:"category"`
	ContactName string   `json:"contact_name"`
	DurationS   *int64   `json:"duration_s"` // null when the export does not say
	Body        string   `json:"body"`
	Labels      []string `json:"labels"`
	Why         string   `json:"why"`
	Witnesses   []string `json:"witnesses"`
	Source      string   `json:"source"`
	Locator     string   `json:"locator"`
}

// jsonSource is an imported file (see Source).
type jsonSource struct {
	ID         int64        `json:"id"`
	Name       string       `json:"name"`
	Format     string       `json:"format"`
	Phone      string       `json:"phone"`
	SHA256     string       `json:"sha256"`
	Size       int64        `json:"size"`
	ImportedAt string       `json:"imported_at"`
	Read       int64        `json:"read"`
	Inserted   int64        `json:"inserted"`
	Duplicates int64        `json:"duplicates"`
	Rejected   int64        `json:"rejected"`
	Rejects    []jsonReject `json:"rejects"` // the first ones, with their positions
}

type jsonReject struct {
	Locator string `json:"locator"`
	Reason  string `json:"reason"`
	Excerpt string `json:"excerpt"`
}

func jsonSources(d *Data) []jsonSource {
	out := make([]jsonSource, 0, len(d.Sources))
	for _, s := range d.Sources {
		js := jsonSource{
			ID: s.ID, Name: s.Name, Format: s.Format, Phone: s.Phone, SHA256: s.SHA256, Size: s.Size,
			ImportedAt: time.UnixMilli(s.ImportedAt).In(d.Loc).Format(time.RFC3339),
			Read:       s.Read, Inserted: s.Inserted, Duplicates: s.Duplicates, Rejected: s.Rejected,
			Rejects: make([]jsonReject, 0, len(s.Rejects)),
		}
		for _, r := range s.Rejects {
			js.Rejects = append(js.Rejects, jsonReject{Locator: r.Locator.String(),
				Reason: rejectText(d, r.Reason), Excerpt: rejectText(d, r.Excerpt)})
		}
		out = append(out, js)
	}
	return out
}

// jsonDay is a day of the daily series (see Day).
type jsonDay struct {
	Date       string `json:"date"`
	Calls      int    `json:"calls"`
	Messages   int    `json:"messages"`
	ThirdParty int    `json:"third_party"`
	Onset      bool   `json:"onset"`
	Leak       bool   `json:"leak"`
}

func jsonDays(days []Day) []jsonDay {
	out := make([]jsonDay, len(days))
	for i, d := range days {
		out[i] = jsonDay(d)
	}
	return out
}

// jsonThirdParty is what reached people other than the debtor (see
// ThirdParty).
type jsonThirdParty struct {
	Phones  []string `json:"phones"`
	Numbers int      `json:"numbers"`
	Events  int      `json:"events"`
	Relays  int      `json:"relays"`
}

// jsonList makes an empty list [] rather than null.
func jsonList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
