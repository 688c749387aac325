package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// FileOptions say how to import one file into a case.
type FileOptions struct {
	// Phone names whose phone the file came from.
	Phone string
	// Location is the case's time zone.
	Location *time.Location
	// Format forces an importer instead of sniffing, when not empty.
	Format string
	// Year, Encoding and Map are passed to the importer: see Options.
	Year     int
	Encoding string
	Map      map[string]string
	// Progress, when not nil, is called as the file is read with the bytes
	// read so far and the file's size.
	Progress func(done, total int64)
}

// Result is what importing one file did.
type Result struct {
	Source leaktrail.Source
	// Already is true when a file with the same SHA-256 had been imported
	// before; Source is then that earlier import and nothing was written.
	Already bool
	// Linked counts the carrier-bill records this import paired with the
	// phone's own records of the same calls and messages (either side may
	// be the file just imported).
	Linked int64
}

// ImportFile imports the file at path into db: it hashes the file, skips it
// when the case already holds it, sniffs its format, and streams its records
// through number normalization into the database.
func ImportFile(ctx context.Context, db *sqlite.DB, reg *Registry, norm *phone.Normalizer, path string, opts FileOptions) (Result, error) {
	if opts.Phone == "" {
		opts.Phone = leaktrail.DefaultPhone
	}
	if opts.Location == nil {
		return Result{}, errors.New("no time zone")
	}
	st, err := os.Stat(path)
	if err != nil {
		return Result{}, err
	}
	if st.IsDir() {
		return Result{}, errors.New("is a directory")
	}
	sum, err := hashFile(path)
	if err != nil {
		return Result{}, err
	}
	prev, err := db.SourceBySHA256(ctx, sum)
	if err != nil {
		return Result{}, err
	}
	if prev != nil && prev.Complete {
		return Result{Source: *prev, Already: true}, nil
	}

	f, err := os.Open(path)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	var r io.Reader = f
	if opts.Progress != nil {
		r = &progressReader{r: f, total: st.Size(), fn: opts.Progress}
	}
	var imp Importer
	if opts.Format != "" {
		var ok bool
		if imp, ok = reg.Lookup(opts.Format); !ok {
			return Result{}, fmt.Errorf("unknown format %q (known: %v)", opts.Format, reg.Formats())
		}
	} else if imp, r, err = reg.Detect(r, filepath.Base(path)); err != nil {
		return Result{}, err
	}

	src := leaktrail.Source{Path: path, Name: filepath.Base(path), SHA256: sum, Size: st.Size(), Format: imp.Format(), Phone: opts.Phone}
	w, err := db.BeginImport(ctx, src, opts.Location.String())
	if err != nil {
		return Result{}, err
	}
	sink := &normalizer{norm: norm, next: w}
	iopts := Options{Location: opts.Location, Name: src.Name, Year: opts.Year, Encoding: opts.Encoding, Map: opts.Map}
	if err := imp.Import(ctx, r, iopts, sink); err != nil {
		return Result{}, errors.Join(err, w.Abort())
	}
	done, err := w.Finish()
	if err != nil {
		return Result{}, errors.Join(err, w.Abort())
	}
	linked, err := db.LinkWitnesses(ctx)
	if err != nil {
		return Result{}, err
	}
	return Result{Source: done, Linked: linked}, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// normalizer is the sink between an importer and the database: it fills in
// canonical numbers and their classes, and replaces NUL characters with
// U+FFFD, as the XML readers do, because SQLite's text functions and most
// programs that read the case take a NUL for the end of the text.
type normalizer struct {
	norm *phone.Normalizer
	next Sink
}

func (n *normalizer) Event(ev *leaktrail.Event) error {
	for _, s := range []*string{&ev.NumberRaw, &ev.Body, &ev.Subject, &ev.ContactName} {
		*s = noNUL(*s)
	}
	num := n.number(ev.NumberRaw)
	ev.Number, ev.NumberClass = num.Canonical, num.Class
	for i, o := range ev.Others {
		ev.Others[i] = n.number(noNUL(o)).Canonical
	}
	return n.next.Event(ev)
}

func (n *normalizer) Contact(c *leaktrail.Contact) error {
	for _, s := range []*string{&c.NumberRaw, &c.Name, &c.Label, &c.Org} {
		*s = noNUL(*s)
	}
	num := n.number(c.NumberRaw)
	c.Number, c.NumberClass = num.Canonical, num.Class
	return n.next.Contact(c)
}

// noNUL replaces NUL characters with U+FFFD.
func noNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

// number normalizes raw. Format characters (zero-width spaces, bidi
// controls) never reach a canonical number: phone drops those it knows
// from between digits but keeps a number it cannot read as written, so
// such a number is normalized again without them.
func (n *normalizer) number(raw string) phone.Number {
	num := n.norm.Normalize(raw)
	if isASCII(num.Canonical) || !strings.ContainsFunc(num.Canonical, isInvisibleRune) {
		return num
	}
	return n.norm.Normalize(strings.Map(func(r rune) rune {
		if isInvisibleRune(r) {
			return -1
		}
		return r
	}, raw))
}

func (n *normalizer) Reject(r *leaktrail.Reject) error {
	r.Reason, r.Excerpt = noNUL(r.Reason), noNUL(r.Excerpt)
	return n.next.Reject(r)
}

// progressReader reports bytes read at most every 64 KiB.
type progressReader struct {
	r     io.Reader
	done  int64
	last  int64
	total int64
	fn    func(done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.done-p.last >= 64<<10 || err != nil {
		p.last = p.done
		p.fn(p.done, p.total)
	}
	return n, err
}
