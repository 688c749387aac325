package report

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// eventSpool is the timeline as the first pass of Events read it, kept in
// a temporary file (mode 0600, unlinked at once where the system allows,
// so that nothing is left behind even if the process dies) for the passes
// after it. Memory stays bounded by its buffers whatever the case's size.
type eventSpool struct {
	f    *os.File
	w    *bufio.Writer
	size int64 // bytes written
	buf  []byte
	err  error // a failed write: the spool is given up
	done bool  // holds the whole timeline
}

// startSpool starts a spool for the pass about to run, or returns nil
// when no temporary file can be made: Events then reads SQLite each time.
func (d *Data) startSpool() *eventSpool {
	if d.spool != nil {
		// A pass stopped early (an error, a cancel): start over.
		if _, err := d.spool.f.Seek(0, io.SeekStart); err == nil && d.spool.f.Truncate(0) == nil {
			d.spool.w.Reset(d.spool.f)
			d.spool.err, d.spool.size = nil, 0
			return d.spool
		}
		d.Close()
	}
	f, err := os.CreateTemp("", "leaktrail-timeline-*")
	if err != nil {
		return nil
	}
	// Unlinked, the file lives until it is closed; where that is not
	// allowed it is removed on Close instead.
	os.Remove(f.Name())
	d.spool = &eventSpool{f: f, w: bufio.NewWriterSize(f, 1<<18)}
	return d.spool
}

func (s *eventSpool) add(e *Event) {
	if s.err != nil {
		return
	}
	b := s.buf[:0]
	b = binary.AppendVarint(b, e.ID)
	b = binary.AppendVarint(b, e.Time.UnixMilli())
	b = binary.AppendVarint(b, e.DurationS)
	for _, str := range []string{e.Phone, e.Kind, e.Direction, e.Status, e.Number, e.Category,
		e.ContactName, e.Body, e.Source, e.Locator, e.Why} {
		b = appendString(b, str)
	}
	for _, list := range [][]string{e.Labels, e.Witnesses} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, str := range list {
			b = appendString(b, str)
		}
	}
	s.buf = b
	s.size += int64(len(b))
	_, s.err = s.w.Write(b)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// finish ends the pass: the spool holds the timeline if the pass read all
// of it and every write went through.
func (s *eventSpool) finish(complete bool) {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	s.done = complete && s.err == nil
}

// replay calls fn with each event of the spool, in the order they were
// read. Replays may run at the same time: each reads the file at its own
// offsets.
func (s *eventSpool) replay(ctx context.Context, loc *time.Location, fn func(Event) error) error {
	r := &spoolReader{r: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), 1<<18)}
	for i := 0; ; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var e Event
		id, err := binary.ReadVarint(r.r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("timeline copy: %w", err)
		}
		e.ID = id
		e.Time = time.UnixMilli(r.varint()).In(loc)
		e.DurationS = r.varint()
		for _, p := range []*string{&e.Phone, &e.Kind, &e.Direction, &e.Status, &e.Number, &e.Category,
			&e.ContactName, &e.Body, &e.Source, &e.Locator, &e.Why} {
			*p = r.string()
		}
		for _, p := range []*[]string{&e.Labels, &e.Witnesses} {
			n := r.uvarint()
			if n > 0 && r.err == nil {
				*p = make([]string, 0, min(n, 64))
			} else {
				*p = []string{}
			}
			for range n {
				if r.err != nil {
					break
				}
				*p = append(*p, r.string())
			}
		}
		if r.err != nil {
			return fmt.Errorf("timeline copy: %w", r.err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}

// spoolReader decodes a spool record, keeping the first error.
type spoolReader struct {
	r   *bufio.Reader
	err error
}

func (r *spoolReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(r.r)
	r.err = noEOF(err)
	return v
}

func (r *spoolReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(r.r)
	r.err = noEOF(err)
	return v
}

func (r *spoolReader) string() string {
	n := r.uvarint()
	if r.err != nil || n == 0 {
		return ""
	}
	if n > 1<<31 {
		r.err = fmt.Errorf("string of %d bytes", n)
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = noEOF(err)
		return ""
	}
	return string(b)
}

// noEOF: an end of file inside a record is a truncated copy.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
