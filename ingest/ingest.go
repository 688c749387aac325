// Package ingest reads phone exports record by record. Each format is one
// Importer; the Registry sniffs which importer a file needs. Importers never
// hold a whole file in memory and never stop at a bad record: they hand every
// record to a Sink as an event, a contact or a positioned reject.
package ingest

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail"
)

// Sink receives what an importer reads, in file order. The events and
// contacts passed in may be reused by the importer after the call returns.
type Sink interface {
	Event(ev *leaktrail.Event) error
	Contact(c *leaktrail.Contact) error
	Reject(r *leaktrail.Reject) error
}

// Options are the facts an importer cannot learn from the file itself.
type Options struct {
	// Location is the case's time zone, used by formats that store local
	// wall-clock time. Never nil when passed by the Registry.
	Location *time.Location
	// Name is the file's base name, for formats that take a year or a
	// sheet name from it.
	Name string
	// Year, when not 0, is the year of dates written without one (carrier
	// bills: "03-02 13:13:40"), overriding what the file's titles, sheet
	// names or name say.
	Year int
	// Encoding, when not empty, names the text encoding of a CSV file
	// ("gbk", "utf-16le" ...) instead of detecting it.
	Encoding string
	// Map maps a file's own column headers to leaktrail's column names
	// ("号码" -> "number"), for headers the alias table does not know.
	Map map[string]string
}

// Importer reads one format.
type Importer interface {
	// Format is the stable name stored with each source ("sbr-messages").
	Format() string
	// Sniff reports whether head, the first bytes of a file named name,
	// looks like this format.
	Sniff(head []byte, name string) bool
	// Import reads r to the end, passing every record to sink. It returns
	// an error only when the file cannot be read at all or the sink fails;
	// bad records become rejects.
	Import(ctx context.Context, r io.Reader, opts Options, sink Sink) error
}

// ErrUnknownFormat is returned when no importer recognises a file.
var ErrUnknownFormat = errors.New("unknown format")

// maxExcerpt bounds the raw text kept with a reject.
const maxExcerpt = 200

// Excerpt returns at most maxExcerpt bytes of s (plus an ellipsis when it
// was cut), cut at a rune boundary, with invalid UTF-8 replaced.
func Excerpt(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= maxExcerpt {
		return s
	}
	cut := maxExcerpt
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
