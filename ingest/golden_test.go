package ingest

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
)

var update = flag.Bool("update", false, "rewrite golden files")

// recorder is a Sink that keeps everything, in order, as JSON lines.
type recorder struct {
	lines    []string
	events   int
	contacts int
	rejects  int
}

func (r *recorder) add(kind string, v any) error {
	b, err := json.Marshal(map[string]any{kind: v})
	if err != nil {
		return err
	}
	r.lines = append(r.lines, string(b))
	return nil
}

func (r *recorder) Event(ev *leaktrail.Event) error {
	r.events++
	return r.add("event", ev)
}

func (r *recorder) Contact(c *leaktrail.Contact) error {
	r.contacts++
	return r.add("contact", c)
}

func (r *recorder) Reject(rj *leaktrail.Reject) error {
	r.rejects++
	return r.add("reject", rj)
}

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// runImporter sniffs path with the default registry and imports it.
func runImporter(t testing.TB, path string) (*recorder, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg := DefaultRegistry()
	imp, r, err := reg.Detect(f, filepath.Base(path))
	if err != nil {
		t.Fatalf("detect %s: %v", path, err)
	}
	rec := &recorder{}
	opts := Options{Location: shanghai, Name: filepath.Base(path)}
	if err := imp.Import(context.Background(), r, opts, rec); err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return rec, imp.Format()
}

// TestGolden imports every input under ../testdata/<format>/ and compares
// what the importer emitted with <case>.golden.jsonl next to it. Run
// `go test ./ingest -update` to rewrite the goldens.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("../testdata/*/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.jsonl") || strings.HasSuffix(in, ".md") {
			continue
		}
		if st, err := os.Stat(in); err != nil || st.IsDir() {
			continue
		}
		if strings.HasPrefix(filepath.Base(filepath.Dir(in)), "bad") {
			continue
		}
		n++
		t.Run(filepath.Base(filepath.Dir(in))+"/"+filepath.Base(in), func(t *testing.T) {
			rec, format := runImporter(t, in)
			got := "format " + format + "\n" + strings.Join(rec.lines, "\n") + "\n"
			golden := strings.TrimSuffix(in, filepath.Ext(in)) + ".golden.jsonl"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./ingest -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden inputs found under ../testdata")
	}
}
