package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// sniffLen is how many bytes of a file the registry shows to Sniff.
const sniffLen = 64 << 10

// Registry lists the importers leaktrail knows, in the order they are tried.
type Registry struct {
	importers []Importer
}

// NewRegistry returns a registry trying importers in the given order.
func NewRegistry(importers ...Importer) *Registry {
	return &Registry{importers: importers}
}

// DefaultRegistry lists every importer of this version of leaktrail.
func DefaultRegistry() *Registry {
	return NewRegistry(
		SBRMessages{},
		SBRCalls{},
		SuperBackupMessages{},
		SuperBackupCalls{},
		VCard{},
		XLSX{},
		XLS{},
		IMazingCSV{},
		CSV{}, // the catch-all for delimited text: keep it last
	)
}

// Formats returns the format names the registry knows, sorted.
func (r *Registry) Formats() []string {
	var names []string
	for _, imp := range r.importers {
		names = append(names, imp.Format())
	}
	slices.Sort(names)
	return names
}

// Lookup returns the importer of a format by name.
func (r *Registry) Lookup(format string) (Importer, bool) {
	for _, imp := range r.importers {
		if imp.Format() == format {
			return imp, true
		}
	}
	return nil, false
}

// Detect peeks at the head of rd and returns the importer for it together
// with a reader that still yields the whole input. When no importer fits,
// the error wraps ErrUnknownFormat and says what the file looks like.
func (r *Registry) Detect(rd io.Reader, name string) (Importer, io.Reader, error) {
	br := bufio.NewReaderSize(rd, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, nil, fmt.Errorf("read: %w", err)
	}
	for _, imp := range r.importers {
		if imp.Sniff(head, name) {
			return imp, br, nil
		}
	}
	return nil, nil, fmt.Errorf("%w: %s (known formats: %v)", ErrUnknownFormat, Describe(head), r.Formats())
}

// Describe says in a few words what a file's head looks like, for error
// messages about files no importer takes.
func Describe(head []byte) string {
	if len(head) == 0 {
		return "the file is empty"
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a zip archive (an XLSX workbook or a compressed backup?)"
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "an OLE2 compound file (a legacy .xls workbook?)"
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return "an SQLite database"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(head, []byte("\x1f\x8b")):
		return "a gzip-compressed file"
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return "UTF-16 text"
	}
	text := bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	if root := xmlRoot(text); root != "" {
		return fmt.Sprintf("XML with root element <%s>", root)
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return "binary data"
	}
	line := text
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if len(line) > 80 {
		line = line[:80]
		for len(line) > 0 && !utf8.Valid(line) {
			line = line[:len(line)-1]
		}
	}
	if !utf8.Valid(line) {
		return "text that is not UTF-8 (GBK?)"
	}
	return fmt.Sprintf("text starting %q", line)
}
