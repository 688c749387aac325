package synth

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func writeCase(t *testing.T, opts Options) (*Case, []File, string) {
	t.Helper()
	dir := t.TempDir()
	c := Generate(opts)
	files, err := c.Write(dir)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return c, files, dir
}

func TestWriteFiles(t *testing.T) {
	_, files, dir := writeCase(t, Options{Seed: 1})
	want := []File{
		{filepath.Join(dir, "mother-calls.xml"), "mother", "sbr-calls"},
		{filepath.Join(dir, "mother-messages.xml"), "mother", "sbr-messages"},
		{filepath.Join(dir, "owner-calls.xml"), "owner", "sbr-calls"},
		{filepath.Join(dir, "owner-contacts.vcf"), "owner", "vcard"},
		{filepath.Join(dir, "owner-messages.xml"), "owner", "sbr-messages"},
	}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for _, f := range append(files, File{Path: filepath.Join(dir, "truth.json")}) {
		fi, err := os.Stat(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", f.Path, fi.Mode().Perm())
		}
	}
}

func TestDeterministic(t *testing.T) {
	read := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
		return out
	}
	c1, _, d1 := writeCase(t, Options{Seed: 7})
	_, _, d2 := writeCase(t, Options{Seed: 7})
	a, b := read(d1), read(d2)
	if len(a) != 6 {
		t.Fatalf("got %d files, want 6", len(a))
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}

	c2, _, d3 := writeCase(t, Options{Seed: 8})
	if slices.Equal(c1.Truth.Platforms, c2.Truth.Platforms) {
		t.Errorf("seeds 7 and 8 share platforms %v", c1.Truth.Platforms)
	}
	if c := read(d3); bytes.Equal(a["owner-messages.xml"], c["owner-messages.xml"]) {
		t.Error("seeds 7 and 8 give the same messages")
	}
	shared := 0
	for raw := range c2.Truth.Numbers {
		if _, ok := c1.Truth.Numbers[raw]; ok && len(raw) == 11 {
			shared++
		}
	}
	if shared > 0 {
		t.Errorf("seeds 7 and 8 share %d mobile numbers", shared)
	}
}

// sbrFile is what a generated SBR file holds, read with encoding/xml.
type sbrFile struct {
	root      string
	count     int
	dates     []int64
	kinds     map[string]int // element name -> records
	addresses []string       // every number: address (split on ~), addr, number
	images    [][]byte       // decoded image parts
}

func readSBR(t *testing.T, r io.Reader) sbrFile {
	t.Helper()
	dec := xml.NewDecoder(r)
	f := sbrFile{kinds: map[string]int{}}
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch {
			case depth == 1:
				f.root = tok.Name.Local
				f.count, err = strconv.Atoi(attr["count"])
				if err != nil {
					t.Fatalf("root count: %v", err)
				}
			case depth == 2:
				f.kinds[tok.Name.Local]++
				date, err := strconv.ParseInt(attr["date"], 10, 64)
				if err != nil {
					t.Fatalf("<%s> date: %v", tok.Name.Local, err)
				}
				f.dates = append(f.dates, date)
				if n, ok := attr["number"]; ok {
					f.addresses = append(f.addresses, n)
				}
				if a, ok := attr["address"]; ok {
					f.addresses = append(f.addresses, strings.Split(a, "~")...)
				}
			case tok.Name.Local == "addr":
				f.addresses = append(f.addresses, attr["address"])
			case tok.Name.Local == "part" && attr["data"] != "":
				b, err := base64.StdEncoding.DecodeString(attr["data"])
				if err != nil {
					t.Fatalf("part data: %v", err)
				}
				f.images = append(f.images, b)
			}
		case xml.EndElement:
			depth--
		}
	}
	return f
}

func (f sbrFile) records() int {
	n := 0
	for _, k := range f.kinds {
		n += k
	}
	return n
}

// readVCard returns the decoded names and the TEL values of a vCard file.
func readVCard(t *testing.T, b []byte) (names, tels []string) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("vCard has a line not ended by CRLF")
	}
	unfolded := strings.ReplaceAll(string(b), "=\r\n", "")
	begins := strings.Count(unfolded, "BEGIN:VCARD\r\n")
	if ends := strings.Count(unfolded, "END:VCARD\r\n"); begins != ends || begins == 0 {
		t.Errorf("%d BEGIN and %d END lines", begins, ends)
	}
	for line := range strings.SplitSeq(unfolded, "\r\n") {
		prop, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(prop, "FN"):
			if strings.Contains(prop, "QUOTED-PRINTABLE") {
				d, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(value)))
				if err != nil {
					t.Fatalf("FN %q: %v", value, err)
				}
				value = string(d)
			}
			names = append(names, value)
		case strings.HasPrefix(prop, "TEL"):
			tels = append(tels, value)
		}
	}
	return names, tels
}

func TestWellFormed(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			_, files, _ := writeCase(t, Options{Seed: seed})
			for _, file := range files {
				b, err := os.ReadFile(file.Path)
				if err != nil {
					t.Fatal(err)
				}
				if file.Kind == "vcard" {
					names, _ := readVCard(t, b)
					if !slices.Contains(names, "催收别接") || !slices.Contains(names, "妈妈") {
						t.Errorf("%s: names %v lack 催收别接 or 妈妈", file.Path, names)
					}
					continue
				}
				f := readSBR(t, bytes.NewReader(b))
				wantRoot := map[string]string{"sbr-messages": "smses", "sbr-calls": "calls"}[file.Kind]
				if f.root != wantRoot {
					t.Errorf("%s: root <%s>, want <%s>", file.Path, f.root, wantRoot)
				}
				if f.count != f.records() || f.count == 0 {
					t.Errorf("%s: count=%d but %d records %v", file.Path, f.count, f.records(), f.kinds)
				}
				if !slices.IsSorted(f.dates) {
					t.Errorf("%s: records not sorted by date", file.Path)
				}
				head := "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v"
				if !bytes.HasPrefix(b, []byte(head)) {
					t.Errorf("%s: starts %q", file.Path, b[:80])
				}
				for _, img := range f.images {
					if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
						t.Errorf("%s: image part is not a PNG", file.Path)
					}
				}
			}
		})
	}
}

// TestQuirks checks that the owner's files carry what real exports carry
// and an importer must cope with.
func TestQuirks(t *testing.T) {
	_, _, dir := writeCase(t, Options{Seed: 1})
	msgs, err := os.ReadFile(filepath.Join(dir, "owner-messages.xml"))
	if err != nil {
		t.Fatal(err)
	}
	calls, err := os.ReadFile(filepath.Join(dir, "owner-calls.xml"))
	if err != nil {
		t.Fatal(err)
	}
	mother, err := os.ReadFile(filepath.Join(dir, "mother-messages.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"surrogate pair", msgs, "&#55357;&#56834;"},
		{"newline", msgs, "&#10;"},
		{"apostrophe", msgs, "&apos;"},
		{"ampersand", msgs, "&amp;"},
		{"less than", msgs, "&lt;"},
		{"quote", msgs, "&quot;"},
		{"group mms", msgs, `type="151"`},
		{"mms from", msgs, `type="137"`},
		{"mms date_sent in seconds", msgs, `m_type="132"`},
		{"filter-dodging spaces", msgs, "逾 期"},
		{"contacts exposure", msgs, "已通知你的紧急联系人和通讯录好友"},
		{"saved collector", calls, `contact_name="催收别接"`},
		{"hidden caller", calls, `number="-1" duration="0"`},
		{"restricted", calls, `presentation="2"`},
		{"rejected", calls, `type="5"`},
		{"blocked", calls, `type="6"`},
		{"outgoing", calls, `type="2"`},
		{"missed", calls, `type="3"`},
		{"relay", mother, "有人打电话给我说你欠钱，怎么回事？"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(tc.in, []byte(tc.want)) {
				t.Errorf("no %q", tc.want)
			}
		})
	}
}

func TestTruth(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			c, files, dir := writeCase(t, Options{Seed: seed})
			tr := c.Truth
			if !(tr.LoanDate < tr.DueDate && tr.DueDate < tr.OnsetDate && tr.OnsetDate <= tr.LeakDate) {
				t.Errorf("dates out of order: loan %s due %s onset %s leak %s", tr.LoanDate, tr.DueDate, tr.OnsetDate, tr.LeakDate)
			}
			if tr.LeakDate > "2026-02-28" || tr.LoanDate < "2025-12-01" {
				t.Errorf("dates outside the case: %+v", tr)
			}
			if len(tr.Platforms) == 0 || tr.Owner == "" {
				t.Fatalf("no owner or platforms: %+v", tr)
			}

			// Every number written in the files is in the truth, and
			// every number in the truth is written in the files.
			seen := map[string]bool{}
			var owner []byte
			for _, file := range files {
				b, err := os.ReadFile(file.Path)
				if err != nil {
					t.Fatal(err)
				}
				var numbers []string
				if file.Kind == "vcard" {
					_, numbers = readVCard(t, b)
				} else {
					numbers = readSBR(t, bytes.NewReader(b)).addresses
				}
				for _, n := range numbers {
					seen[n] = true
					if _, ok := tr.Numbers[n]; !ok {
						t.Errorf("%s: number %q has no category", filepath.Base(file.Path), n)
					}
				}
				if filepath.Base(file.Path) == "owner-messages.xml" {
					owner = b
				}
			}
			for n, cat := range tr.Numbers {
				if !seen[n] {
					t.Errorf("truth number %q (%s) is in no file", n, cat)
				}
				switch cat {
				case catCollection, catSpam, catFraud, catService, catContact, catUnknown:
				default:
					t.Errorf("number %q: category %q", n, cat)
				}
			}
			for _, p := range tr.Platforms {
				if !bytes.Contains(owner, []byte("【"+p+"】")) {
					t.Errorf("platform %s never signs a message", p)
				}
			}

			// The records agree with the truth.
			for _, ph := range c.phones {
				firstCollection := ""
				check := func(at int64, addr, cat string) {
					if got := tr.Numbers[addr]; got != cat {
						t.Errorf("%s: %s is %s in the truth, %s in the records", ph.id, addr, got, cat)
					}
					if day := time.UnixMilli(at).In(c.loc).Format("2006-01-02"); cat == catCollection && (firstCollection == "" || day < firstCollection) {
						firstCollection = day
					}
				}
				for _, m := range ph.msgs {
					if m.mms == nil {
						check(m.at, m.addr, m.cat)
					} else {
						check(m.at, m.mms.from, m.cat)
					}
				}
				for _, cl := range ph.calls {
					check(cl.at, cl.number, cl.cat)
				}
				want := map[string]string{"owner": tr.OnsetDate, "mother": tr.LeakDate}[ph.id]
				if firstCollection != want {
					t.Errorf("%s: first collection contact on %s, truth says %s", ph.id, firstCollection, want)
				}
			}

			b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
			if err != nil {
				t.Fatal(err)
			}
			var got Truth
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tr, got); diff != "" {
				t.Errorf("truth.json (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCampaign checks the shape of the harassment: daily volume, rotation
// of numbers, night contacts.
func TestCampaign(t *testing.T) {
	c := Generate(Options{Seed: 1})
	owner := c.phones[0]
	perDay := map[string]int{}
	days := map[string]map[string]bool{} // number -> days used
	night := 0
	note := func(at int64, num, cat string) {
		if cat != catCollection {
			return
		}
		tm := time.UnixMilli(at).In(c.loc)
		day := tm.Format("2006-01-02")
		perDay[day]++
		if days[num] == nil {
			days[num] = map[string]bool{}
		}
		days[num][day] = true
		if tm.Hour() >= 22 || tm.Hour() < 8 {
			night++
		}
	}
	for _, m := range owner.msgs {
		if m.box == 1 && m.peer != nil {
			note(m.at, m.peer.num, m.cat)
		}
	}
	for _, cl := range owner.calls {
		note(cl.at, strings.TrimPrefix(strings.ReplaceAll(cl.number, " ", ""), "+86"), cl.cat)
	}
	busy := 0
	for _, n := range perDay {
		if n >= 10 && n <= 45 {
			busy++
		}
	}
	if busy < 20 {
		t.Errorf("only %d days with 10-45 collection contacts: %v", busy, perDay)
	}
	short := 0
	for _, d := range days {
		if len(d) <= 5 {
			short++
		}
	}
	if short*10 < len(days)*8 {
		t.Errorf("%d of %d collection numbers used on at most 5 days", short, len(days))
	}
	if night < 10 {
		t.Errorf("%d night contacts", night)
	}
}

func TestScale(t *testing.T) {
	count := func(c *Case) int {
		n := 0
		for _, ph := range c.phones {
			n += len(ph.msgs) + len(ph.calls)
		}
		return n
	}
	one, three := count(Generate(Options{Seed: 1})), count(Generate(Options{Seed: 1, Scale: 3}))
	if one < 2000 || one > 6000 {
		t.Errorf("scale 1: %d events, want 2000-6000", one)
	}
	if float64(three) < 1.6*float64(one) {
		t.Errorf("scale 3: %d events, scale 1: %d", three, one)
	}
}

func TestLocation(t *testing.T) {
	utc := Generate(Options{Seed: 1, Location: time.UTC})
	sh := Generate(Options{Seed: 1})
	if utc.Truth.OnsetDate == "" || sh.phones[0].msgs[0].at == utc.phones[0].msgs[0].at {
		t.Error("the location does not move the records")
	}
}

func TestWriteSBRMessages(t *testing.T) {
	for _, tc := range []struct {
		n, mmsEvery, imageBytes int
		wantMMS                 int
	}{
		{0, 0, 0, 0},
		{1, 0, 0, 0},
		{500, 0, 0, 0},
		{500, 50, 3001, 10},
		{99, 1, 1, 99},
	} {
		t.Run(fmt.Sprintf("n%d_every%d_img%d", tc.n, tc.mmsEvery, tc.imageBytes), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSBRMessages(&buf, 3, tc.n, tc.mmsEvery, tc.imageBytes); err != nil {
				t.Fatal(err)
			}
			f := readSBR(t, bytes.NewReader(buf.Bytes()))
			if f.root != "smses" || f.count != tc.n || f.records() != tc.n {
				t.Errorf("root <%s> count=%d, %d records, want %d", f.root, f.count, f.records(), tc.n)
			}
			if f.kinds["mms"] != tc.wantMMS {
				t.Errorf("%d mms, want %d", f.kinds["mms"], tc.wantMMS)
			}
			if !slices.IsSorted(f.dates) {
				t.Error("records not sorted by date")
			}
			for _, img := range f.images {
				if len(img) != tc.imageBytes {
					t.Errorf("image of %d bytes, want %d", len(img), tc.imageBytes)
				}
				if len(img) >= 6 && !(bytes.HasPrefix(img, []byte{0xFF, 0xD8}) && bytes.HasSuffix(img, []byte{0xFF, 0xD9})) {
					t.Errorf("image lacks JPEG markers: % x ... % x", img[:4], img[len(img)-2:])
				}
			}
			var again bytes.Buffer
			if err := WriteSBRMessages(&again, 3, tc.n, tc.mmsEvery, tc.imageBytes); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("same seed, different output")
			}
		})
	}
}

func TestWriteSBRCalls(t *testing.T) {
	for _, n := range []int{0, 1, 2000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSBRCalls(&buf, 5, n); err != nil {
				t.Fatal(err)
			}
			f := readSBR(t, bytes.NewReader(buf.Bytes()))
			if f.root != "calls" || f.count != n || f.kinds["call"] != n {
				t.Errorf("root <%s> count=%d, %d calls, want %d", f.root, f.count, f.kinds["call"], n)
			}
		})
	}
}

func TestWriteSBRNegative(t *testing.T) {
	if err := WriteSBRMessages(io.Discard, 1, -1, 0, 0); err == nil {
		t.Error("WriteSBRMessages(n=-1): no error")
	}
	if err := WriteSBRCalls(io.Discard, 1, -1); err == nil {
		t.Error("WriteSBRCalls(n=-1): no error")
	}
}

// heapWatch is a writer that discards what it gets and samples the live
// heap every few megabytes.
type heapWatch struct {
	written, next int64
	peak          uint64
}

func (h *heapWatch) Write(p []byte) (int, error) {
	h.written += int64(len(p))
	if h.written >= h.next {
		h.next = h.written + 4<<20
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		h.peak = max(h.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

// TestWriteSBRMessagesMemory writes a few hundred megabytes: 200,000 SMS
// and four 16 MB pictures. The heap must stay far below one picture.
func TestWriteSBRMessagesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a few hundred megabytes")
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	h := &heapWatch{}
	const n, every, img = 200_000, 50_000, 16 << 20
	if err := WriteSBRMessages(bufio.NewWriter(h), 1, n, every, img); err != nil {
		t.Fatal(err)
	}
	if h.written < n*200+4*img {
		t.Fatalf("wrote only %d bytes", h.written)
	}
	if grow := int64(h.peak) - int64(base.HeapAlloc); grow > 8<<20 {
		t.Errorf("heap grew by %d MB while streaming", grow>>20)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(Options{Seed: 1})
	}
}

func BenchmarkWriteSBRMessages(b *testing.B) {
	for _, tc := range []struct {
		name            string
		n, every, bytes int
	}{
		{"sms", 10_000, 0, 0},
		{"mms64k", 1_000, 10, 64 << 10},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var w countWriter
			for b.Loop() {
				if err := WriteSBRMessages(&w, 1, tc.n, tc.every, tc.bytes); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(w) / int64(b.N))
		})
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
