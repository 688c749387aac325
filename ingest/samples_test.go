package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// samplesDir holds public sample exports written by other projects; see its
// SOURCE.txt. The tests read them in place and skip when it is absent.
var samplesDir = filepath.Join("..", "..", "shared", "samples")

func openCase(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func importPath(t *testing.T, db *sqlite.DB, path, phoneName string) Result {
	t.Helper()
	res, err := ImportFile(t.Context(), db, DefaultRegistry(), phone.New("CN"), path, FileOptions{Phone: phoneName, Location: shanghai})
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return res
}

// TestSamples imports every public sample and checks its exact counts.
func TestSamples(t *testing.T) {
	if _, err := os.Stat(samplesDir); err != nil {
		t.Skipf("no samples: %v", err)
	}
	want := map[string]struct {
		format string
		counts leaktrail.Counts
	}{
		"sbr/devadvance_corrupt_attachments.xml": {"sbr-messages", leaktrail.Counts{Read: 2, Inserted: 2}},
		"sbr/devadvance_sample_mms.xml":          {"sbr-messages", leaktrail.Counts{Read: 4, Inserted: 4}},
		// Truncated in its repository: 41 sms and 8 complete mms, then an
		// unterminated mms.
		"sbr/devadvance_sms_and_mms.xml":    {"sbr-messages", leaktrail.Counts{Read: 50, Inserted: 49, Rejected: 1}},
		"sbr/devadvance_sms_small.xml":      {"sbr-messages", leaktrail.Counts{Read: 12, Inserted: 12}},
		"sbr/memacs_calls.xml":              {"sbr-calls", leaktrail.Counts{Read: 8, Inserted: 8}},
		"sbr/memacs_smsxml_2011.xml":        {"sbr-messages", leaktrail.Counts{Read: 4, Inserted: 4}},
		"sbr/ragibson_multi_file_part1.xml": {"sbr-messages", leaktrail.Counts{Read: 3, Inserted: 3}},
		// "+21111111111" and "1111111111" are different numbers for a CN
		// case: nothing here is a duplicate.
		"sbr/ragibson_alternate_country_code.xml": {"sbr-messages", leaktrail.Counts{Read: 4, Inserted: 4}},
		// One MMS ten times, differing only in its SMIL layout part, which
		// is not evidence: one event and nine duplicates.
		"sbr/ragibson_different_smil_format.xml": {"sbr-messages", leaktrail.Counts{Read: 10, Inserted: 1, Duplicates: 9}},
		// Times that differ by milliseconds are different records: a fuzzy
		// match would merge evidence on a guess.
		"sbr/ragibson_similar_timestamps.xml": {"sbr-messages", leaktrail.Counts{Read: 8, Inserted: 8}},
		// The same message twice.
		"sbr/ragibson_utf16_encoding.xml": {"sbr-messages", leaktrail.Counts{Read: 2, Inserted: 1, Duplicates: 1}},
		// root count="5085" but 6 rows: the count attribute is not trusted.
		"superbackup/lqzhgood_superbackup_calllog_e.xml": {"superbackup-calls", leaktrail.Counts{Read: 6, Inserted: 6}},
		"superbackup/memacs_calls_superbackup.xml":       {"superbackup-calls", leaktrail.Counts{Read: 2, Inserted: 2}},
		// Four cards share one number under different names: four contacts.
		"vcard/jowave_examples_v21_qp.vcf": {"vcard", leaktrail.Counts{Read: 5, Inserted: 5}},
		"vcard/jowave_quopri_cp1252.vcf":   {"vcard", leaktrail.Counts{Read: 1, Inserted: 1}},
	}
	files, err := filepath.Glob(filepath.Join(samplesDir, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, path := range files {
		rel, _ := filepath.Rel(samplesDir, path)
		rel = filepath.ToSlash(rel)
		if filepath.Base(path) == "SOURCE.txt" {
			continue
		}
		t.Run(rel, func(t *testing.T) {
			w, ok := want[rel]
			if !ok {
				t.Fatalf("sample %s has no expected counts: add them", rel)
			}
			seen++
			db := openCase(t)
			res := importPath(t, db, path, "owner")
			if res.Source.Format != w.format {
				t.Errorf("format %q, want %q", res.Source.Format, w.format)
			}
			if diff := cmp.Diff(w.counts, res.Source.Counts); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			again := importPath(t, db, path, "owner")
			if !again.Already || again.Source.Counts != res.Source.Counts {
				t.Errorf("second import: already=%v counts %+v", again.Already, again.Source.Counts)
			}
		})
	}
	if seen != len(want) {
		t.Errorf("checked %d samples, expected %d", seen, len(want))
	}
}

// TestSampleDetails checks what the samples are in the suite for.
func TestSampleDetails(t *testing.T) {
	if _, err := os.Stat(samplesDir); err != nil {
		t.Skipf("no samples: %v", err)
	}
	db := openCase(t)
	for _, rel := range []string{"sbr/ragibson_utf16_encoding.xml", "sbr/memacs_calls.xml", "vcard/jowave_examples_v21_qp.vcf", "vcard/jowave_quopri_cp1252.vcf"} {
		importPath(t, db, filepath.Join(samplesDir, rel), "owner")
	}
	q := func(query string) []string {
		t.Helper()
		rows, err := db.SQL().QueryContext(t.Context(), query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	t.Run("surrogate pair emoji", func(t *testing.T) {
		got := q(`SELECT body FROM events WHERE kind = 'sms' ORDER BY id`)
		if diff := cmp.Diff([]string{"Some text content here \U0001F602"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("hidden caller", func(t *testing.T) {
		got := q(`SELECT number_raw || ' ' || number || ' ' || number_class FROM events WHERE kind = 'call' AND number_class = 'hidden'`)
		if diff := cmp.Diff([]string{"-1 hidden hidden"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("vcard names", func(t *testing.T) {
		got := q(`SELECT name FROM contacts ORDER BY id`)
		want := []string{"Mäx Mustermann", "Test X-Mobil", "John Doe얁", "гор ЗаорсЁкі xyz і", "XXXXXXXXXX", "Firstnamer Test"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if !slices.Contains(q(`SELECT number FROM contacts`), "+49123456789") {
			t.Error("contact number not normalized to E.164")
		}
	})
}
