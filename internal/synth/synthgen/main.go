// Command synthgen writes a large synthetic case for benchmarks:
//
//	go run ./internal/synth/synthgen -out DIR [-messages N] [-calls N]
//		[-bill-rows N] [-contacts N] [-relative-rows N]
//
// It always writes the owner's SMS Backup & Restore files, messages.xml
// and calls.xml. With -bill-rows it writes the owner's China Mobile call
// bill, bill.xlsx, whose calls are mostly those of calls.xml; with
// -contacts the owner's address book, contacts.vcf; with -relative-rows
// the mother's phone log as GBK CSV, two thirds of the rows messages
// (relative-messages.csv) and one third calls (relative-calls.csv). All
// files of one seed are one case: see package synth.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/leaktrail/leaktrail/internal/synth"
)

func main() {
	out := flag.String("out", ".", "directory to write the files into")
	messages := flag.Int("messages", 500_000, "number of <sms>/<mms> records")
	calls := flag.Int("calls", 100_000, "number of <call> records")
	mmsEvery := flag.Int("mms-every", 100, "every Nth message is an MMS with an image (0: none)")
	image := flag.Int("image-bytes", 20_000, "decoded size of each MMS image")
	billRows := flag.Int("bill-rows", 0, "rows of the carrier bill bill.xlsx (0: no bill)")
	contacts := flag.Int("contacts", 0, "cards of the address book contacts.vcf (0: none)")
	relative := flag.Int("relative-rows", 0, "rows of the mother's log, relative-messages.csv and relative-calls.csv (0: none)")
	seed := flag.Int64("seed", 1, "seed")
	flag.Parse()
	cfg := config{
		dir: *out, seed: *seed, messages: *messages, calls: *calls, mmsEvery: *mmsEvery, image: *image,
		billRows: *billRows, contacts: *contacts, relative: *relative,
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "synthgen:", err)
		os.Exit(1)
	}
}

type config struct {
	dir                              string
	seed                             int64
	messages, calls, mmsEvery, image int
	billRows, contacts, relative     int
}

func run(c config) error {
	write := func(name string, fn func(w *bufio.Writer) error) error {
		f, err := os.OpenFile(filepath.Join(c.dir, name), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := fn(w); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := write("messages.xml", func(w *bufio.Writer) error {
		return synth.WriteSBRMessages(w, c.seed, c.messages, c.mmsEvery, c.image)
	}); err != nil {
		return err
	}
	if err := write("calls.xml", func(w *bufio.Writer) error { return synth.WriteSBRCalls(w, c.seed, c.calls) }); err != nil {
		return err
	}
	if c.billRows > 0 {
		if err := write("bill.xlsx", func(w *bufio.Writer) error {
			return synth.WriteCarrierBill(w, c.seed, c.calls, c.billRows)
		}); err != nil {
			return err
		}
	}
	if c.contacts > 0 {
		if err := write("contacts.vcf", func(w *bufio.Writer) error { return synth.WriteContacts(w, c.seed, c.contacts) }); err != nil {
			return err
		}
	}
	if c.relative > 0 {
		calls := c.relative / 3
		if err := write("relative-messages.csv", func(w *bufio.Writer) error {
			return synth.WriteRelativeMessages(w, c.seed, c.relative-calls)
		}); err != nil {
			return err
		}
		if err := write("relative-calls.csv", func(w *bufio.Writer) error {
			return synth.WriteRelativeCalls(w, c.seed, calls)
		}); err != nil {
			return err
		}
	}
	return nil
}
