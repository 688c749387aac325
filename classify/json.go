package classify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
)

// WriteJSON writes the analysis r reads as the JSON of DESIGN.md's
// contract: the bytes json.Encoder writes for Load's Analysis with an
// indent of two spaces and HTML left unescaped, but one number and one
// finding at a time, so that memory does not grow with the case.
func WriteJSON(ctx context.Context, w io.Writer, r *Reader) error {
	a := r.Facts()
	j := &jsonWriter{w: bufio.NewWriterSize(w, 1<<16)}
	j.raw("{\n")
	j.field("  ", "timezone", a.Timezone, true)
	j.field("  ", "owner", a.Owner, true)
	j.field("  ", "onset", a.Onset, true)
	j.field("  ", "leak", a.Leak, true)
	j.field("  ", "platforms", a.Platforms, true)

	j.raw(`  "numbers": [`)
	first := true
	err := r.Numbers(ctx, func(n *Number) error {
		j.item(&first, "    ", n)
		return j.err
	})
	if err != nil {
		return err
	}
	j.end(first, "  ", "]")
	j.raw(",\n")

	// Each rule is an object whose findings stream in after its other
	// fields; it is closed when the next rule starts, or at the end.
	j.raw(`  "violations": [`)
	open, noFinding := false, true
	closeRule := func() {
		j.end(noFinding, "      ", "]")
		j.raw("\n    }")
	}
	err = r.Violations(ctx, func(v *Violation) error {
		if open {
			closeRule()
			j.raw(",")
		}
		open, noFinding = true, true
		j.raw("\n    {\n")
		j.field("      ", "rule", v.Rule, true)
		j.field("      ", "title", v.Title, true)
		j.field("      ", "source", v.Source, true)
		j.field("      ", "count", v.Count, true)
		j.field("      ", "first", v.First, true)
		j.field("      ", "last", v.Last, true)
		j.raw(`      "findings": [`)
		return j.err
	}, func(f *Finding) error {
		j.item(&noFinding, "        ", f)
		return j.err
	})
	if err != nil {
		return err
	}
	if open {
		closeRule()
	}
	j.end(!open, "  ", "]")
	j.raw(",\n")
	j.field("  ", "counts", a.Counts, false)
	j.raw("}\n")
	if j.err != nil {
		return j.err
	}
	return j.w.Flush()
}

// jsonWriter writes pieces of an indented JSON document, keeping the
// first error.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// value writes v as json.Encoder does at the nesting level of prefix.
func (j *jsonWriter) value(prefix string, v any) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if j.err = enc.Encode(v); j.err != nil {
		return
	}
	_, j.err = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// field writes `"key": value` on its own line.
func (j *jsonWriter) field(prefix, key string, v any, comma bool) {
	j.raw(prefix)
	j.value(prefix, key)
	j.raw(": ")
	j.value(prefix, v)
	if comma {
		j.raw(",")
	}
	j.raw("\n")
}

// item writes one element of an array opened on the line before.
func (j *jsonWriter) item(first *bool, prefix string, v any) {
	if !*first {
		j.raw(",")
	}
	*first = false
	j.raw("\n" + prefix)
	j.value(prefix, v)
}

// end closes an array: right after its "[" when it stayed empty, else
// on a line of its own at the indent of prefix.
func (j *jsonWriter) end(empty bool, prefix, close string) {
	if !empty {
		j.raw("\n" + prefix)
	}
	j.raw(close)
}
