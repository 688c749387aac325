// Command synthgen writes large synthetic SMS Backup & Restore files for
// benchmarks: go run ./internal/synth/synthgen -out DIR.
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
	out := flag.String("out", ".", "directory to write messages.xml and calls.xml into")
	messages := flag.Int("messages", 500_000, "number of <sms>/<mms> records")
	calls := flag.Int("calls", 100_000, "number of <call> records")
	mmsEvery := flag.Int("mms-every", 100, "every Nth message is an MMS with an image (0: none)")
	image := flag.Int("image-bytes", 20_000, "decoded size of each MMS image")
	seed := flag.Int64("seed", 1, "seed")
	flag.Parse()
	if err := run(*out, *seed, *messages, *calls, *mmsEvery, *image); err != nil {
		fmt.Fprintln(os.Stderr, "synthgen:", err)
		os.Exit(1)
	}
}

func run(dir string, seed int64, messages, calls, mmsEvery, image int) error {
	write := func(name string, fn func(w *bufio.Writer) error) error {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := fn(w); err != nil {
			f.Close()
			return err
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := write("messages.xml", func(w *bufio.Writer) error {
		return synth.WriteSBRMessages(w, seed, messages, mmsEvery, image)
	}); err != nil {
		return err
	}
	return write("calls.xml", func(w *bufio.Writer) error { return synth.WriteSBRCalls(w, seed, calls) })
}
