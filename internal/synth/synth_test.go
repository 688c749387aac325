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
	"regexp"
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
	_, _, q1 := writeCase(t, Options{Seed: 7, Quiet: true})
	_, _, q2 := writeCase(t, Options{Seed: 7, Quiet: true})
	qa, qb := read(q1), read(q2)
	for name := range qa {
		if !bytes.Equal(qa[name], qb[name]) {
			t.Errorf("quiet %s differs between two runs with the same seed", name)
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

			checkNumbers(t, tr, files)
			owner, err := os.ReadFile(filepath.Join(dir, "owner-messages.xml"))
			if err != nil {
				t.Fatal(err)
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

// checkNumbers checks that every number written in the files is in the
// truth, and every number in the truth is written in the files.
func checkNumbers(t *testing.T, tr Truth, files []File) {
	t.Helper()
	seen := map[string]bool{}
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

// templateRE matches a text filled from any of the templates: each
// {placeholder} stands for some text.
func templateRE(tpls ...string) *regexp.Regexp {
	var alts []string
	for _, tpl := range tpls {
		q := regexp.QuoteMeta(tpl)
		alts = append(alts, regexp.MustCompile(`\\\{[a-z0-9]+\\\}`).ReplaceAllString(q, ".+?"))
	}
	return regexp.MustCompile("^(?:" + strings.Join(alts, "|") + ")$")
}

func lines(convs ...[][]string) []string {
	var out []string
	for _, c := range convs {
		for _, l := range c {
			out = append(out, l...)
		}
	}
	return out
}

// bare is a mobile number as written, without +86 and spaces.
func bare(raw string) string {
	return strings.TrimPrefix(strings.NewReplacer(" ", "", "-", "").Replace(raw), "+86")
}

// TestPersonalDebts checks that friends, colleagues and the sister text
// about small debts both ways, all along the case, a few times a month,
// and stay contacts.
func TestPersonalDebts(t *testing.T) {
	openers := func(convs ...[][]string) *regexp.Regexp {
		var first []string
		for _, c := range convs {
			for _, l := range c {
				first = append(first, l[0])
			}
		}
		return templateRE(first...)
	}
	theirs := openers(friendDebtChats, colleagueDebtChats, sisterDebtChats)
	mine := openers(ownerFriendDebtChats, ownerColleagueDebtChats, ownerSisterDebtChats)
	var in, out, before, after int
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		c := Generate(Options{Seed: seed})
		owner := c.phones[0]
		n := 0
		for _, m := range owner.msgs {
			isTheirs, isMine := theirs.MatchString(m.body), mine.MatchString(m.body)
			if !isTheirs && !isMine {
				continue
			}
			n++
			if m.cat != catContact || c.Truth.Numbers[m.addr] != catContact {
				t.Errorf("seed %d: %q from %s is %s, truth %s", seed, m.body, m.addr, m.cat, c.Truth.Numbers[m.addr])
			}
			if _, ok := owner.names[bare(m.addr)]; !ok {
				t.Errorf("seed %d: %q with %s, who is not in the address book", seed, m.body, m.addr)
			}
			switch {
			case isTheirs && m.box == 1:
				in++
			case isMine && m.box == 2:
				out++
			default:
				t.Errorf("seed %d: %q in box %d", seed, m.body, m.box)
			}
			if time.UnixMilli(m.at).In(c.loc).Format("2006-01-02") < c.Truth.OnsetDate {
				before++
			} else {
				after++
			}
		}
		if perMonth := float64(n) / 6; perMonth < 1 || perMonth > 6 {
			t.Errorf("seed %d: %.1f conversations about small debts a month", seed, perMonth)
		}
	}
	if in == 0 || out == 0 || before == 0 || after == 0 {
		t.Errorf("small-debt conversations: %d opened by others, %d by the owner, %d before the onset, %d after", in, out, before, after)
	}
}

// TestLookalikes checks the ordinary texts that share words with
// collection: who sends them, their category, and that each shows up.
func TestLookalikes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		re      *regexp.Regexp
		from    func(c *Case, addr string) bool
		cat     string
		perSeed int // at least this many in every seed; 0: in some seed
	}{
		{"credit card reminder", templateRE(ccbRemind), fromNumber("95533"), catService, 1},
		{"huabei bill", templateRE(huabeiBill), fromGateway, catService, 2},
		{"phone bill arrears", templateRE(carrierArrears...), fromNumber("10086"), catService, 1},
		{"electricity arrears", templateRE(powerNotice...), fromNumber("95598"), catService, 0},
		{"parcel not picked up", templateRE(parcelOverdue...), fromGateway, catService, 1},
		{"library book", templateRE(libraryNotices...), fromGateway, catService, 1},
		{"landlord", templateRE(lines(landlordAsks, landlordLate)...), fromName("房东"), catContact, 1},
		{"joking 老赖", templateRE(friendDebtChats[4][0], friendDebtChats[9][0]), fromContact, catContact, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			total := 0
			for _, seed := range []int64{1, 2, 3, 4, 5} {
				c := Generate(Options{Seed: seed})
				n := 0
				for _, ph := range c.phones {
					for _, m := range ph.msgs {
						if !tc.re.MatchString(m.body) {
							continue
						}
						n++
						if m.cat != tc.cat || c.Truth.Numbers[m.addr] != tc.cat {
							t.Errorf("seed %d: %q from %s is %s, truth %s, want %s", seed, m.body, m.addr, m.cat, c.Truth.Numbers[m.addr], tc.cat)
						}
						if !tc.from(c, m.addr) {
							t.Errorf("seed %d: %q from %s", seed, m.body, m.addr)
						}
					}
				}
				if n < tc.perSeed {
					t.Errorf("seed %d: %d texts, want at least %d", seed, n, tc.perSeed)
				}
				total += n
			}
			if total == 0 {
				t.Error("in no seed")
			}
		})
	}
}

func fromNumber(num string) func(*Case, string) bool {
	return func(_ *Case, addr string) bool { return addr == num }
}

func fromGateway(_ *Case, addr string) bool { return strings.HasPrefix(addr, "106") }

func fromContact(c *Case, addr string) bool {
	_, ok := c.phones[0].names[bare(addr)]
	return ok
}

func fromName(prefix string) func(*Case, string) bool {
	return func(c *Case, addr string) bool { return strings.HasPrefix(c.phones[0].names[bare(addr)], prefix) }
}

// TestStray checks the wrong number: a collection text for somebody
// else in some seeds, weeks before the loan, unknown, not the onset.
func TestStray(t *testing.T) {
	re := templateRE(strayTexts...)
	seeds := 0
	const n = 30
	for seed := int64(1); seed <= n; seed++ {
		c := Generate(Options{Seed: seed})
		owner := c.phones[0]
		var strays []*message
		for _, m := range owner.msgs {
			if re.MatchString(m.body) {
				strays = append(strays, m)
			}
		}
		if len(strays) == 0 {
			continue
		}
		seeds++
		if len(strays) > 1 {
			t.Errorf("seed %d: %d wrong-number texts", seed, len(strays))
		}
		m := strays[0]
		if m.cat != catUnknown || c.Truth.Numbers[m.addr] != catUnknown {
			t.Errorf("seed %d: wrong number %s is %s, truth %s", seed, m.addr, m.cat, c.Truth.Numbers[m.addr])
		}
		if strings.Contains(m.body, c.Truth.Owner) || strings.Contains(m.body, "【") {
			t.Errorf("seed %d: wrong-number text %q names the owner or a platform", seed, m.body)
		}
		loan, err := time.ParseInLocation("2006-01-02", c.Truth.LoanDate, c.loc)
		if err != nil {
			t.Fatal(err)
		}
		if weeks := loan.Sub(time.UnixMilli(m.at)).Hours() / 24 / 7; weeks < 3 {
			t.Errorf("seed %d: wrong-number text %.1f weeks before the loan", seed, weeks)
		}
		// The number is never heard of again, but for the owner's reply.
		records := 0
		for _, x := range owner.msgs {
			if bare(x.addr) == bare(m.addr) {
				records++
				if x != m && x.box != 2 {
					t.Errorf("seed %d: the wrong number writes again: %q", seed, x.body)
				}
			}
		}
		for _, cl := range owner.calls {
			if bare(cl.number) == bare(m.addr) {
				records++
			}
		}
		if records > 2 {
			t.Errorf("seed %d: %d records with the wrong number", seed, records)
		}
	}
	if seeds != n*3/10 {
		t.Errorf("a wrong number in %d of %d seeds, want three in ten", seeds, n)
	}
}

// TestCollectorNumbers checks the numbers that only call: diallers that
// ring 3-15 times over 1-3 days and never text, numbers dropped after a
// call or two, and the "law firm" on a fixed line.
func TestCollectorNumbers(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			c := Generate(Options{Seed: seed})
			owner := c.phones[0]
			type use struct {
				calls, texts, long int
				days               map[string]bool
			}
			uses := map[string]*use{}
			get := func(raw string) *use {
				u := uses[bare(raw)]
				if u == nil {
					u = &use{days: map[string]bool{}}
					uses[bare(raw)] = u
				}
				return u
			}
			for _, cl := range owner.calls {
				if cl.cat != catCollection {
					continue
				}
				u := get(cl.number)
				u.calls++
				u.days[time.UnixMilli(cl.at).In(c.loc).Format("2006-01-02")] = true
				if cl.dur > 4 {
					u.long++
				}
			}
			for _, m := range owner.msgs {
				if m.cat == catCollection && m.box == 1 {
					if m.mms != nil {
						get(m.mms.from).texts++
					} else {
						get(m.addr).texts++
					}
				}
			}
			var diallers, brief, lawCalls int
			for num, u := range uses {
				switch {
				case strings.HasPrefix(num, "0"):
					lawCalls += u.calls
					if u.texts > 0 {
						t.Errorf("the fixed line %s texts", num)
					}
				case u.texts == 0 && u.calls >= 3 && u.calls <= 15 && len(u.days) <= 3 && u.long == 0:
					diallers++
				case u.texts == 0 && u.calls <= 2:
					brief++
				}
			}
			if diallers < 3 {
				t.Errorf("%d numbers with only 3-15 missed or short calls over 1-3 days", diallers)
			}
			if brief < 3 {
				t.Errorf("%d numbers with only one or two calls", brief)
			}
			if lawCalls == 0 {
				t.Error("no call from the law firm's fixed line")
			}
		})
	}
}

// TestQuiet checks a case without the debt story: the same person and
// the same ordinary life, nothing of the loan or the collectors.
func TestQuiet(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			q, files, dir := writeCase(t, Options{Seed: seed, Quiet: true})
			full := Generate(Options{Seed: seed})
			tr := q.Truth
			want := Truth{Owner: full.Truth.Owner, Platforms: []string{}, Numbers: tr.Numbers}
			if diff := cmp.Diff(want, tr); diff != "" {
				t.Errorf("truth (-want +got):\n%s", diff)
			}
			for n, cat := range tr.Numbers {
				if cat == catCollection {
					t.Errorf("collection number %s in a quiet case", n)
				}
			}
			checkNumbers(t, tr, files)
			b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{`"platforms": []`, `"loan_date": ""`, `"due_date": ""`, `"leak_date": ""`, `"onset_date": ""`} {
				if !bytes.Contains(b, []byte(s)) {
					t.Errorf("truth.json lacks %s", s)
				}
			}

			// Every record of the quiet case is in the full case, and
			// nothing names the platforms.
			for i, ph := range q.phones {
				fph := full.phones[i]
				have := map[string]bool{}
				for _, m := range fph.msgs {
					have[fmt.Sprint("sms", m.at, m.box, m.addr, m.body)] = true
				}
				for _, cl := range fph.calls {
					have[fmt.Sprint("call", cl.at, cl.typ, cl.dur, cl.number)] = true
				}
				missing := 0
				for _, m := range ph.msgs {
					if !have[fmt.Sprint("sms", m.at, m.box, m.addr, m.body)] {
						missing++
					}
					for _, p := range full.Truth.Platforms {
						if strings.Contains(m.body, p) {
							t.Errorf("%s: %q names platform %s", ph.id, m.body, p)
						}
					}
				}
				for _, cl := range ph.calls {
					if !have[fmt.Sprint("call", cl.at, cl.typ, cl.dur, cl.number)] {
						missing++
					}
				}
				if missing > 0 {
					t.Errorf("%s: %d of %d records are not in the full case", ph.id, missing, len(ph.msgs)+len(ph.calls))
				}
				if n, f := len(ph.msgs)+len(ph.calls), len(fph.msgs)+len(fph.calls); n >= f || n < 300 {
					t.Errorf("%s: %d records, the full case %d", ph.id, n, f)
				}
			}
			if diff := cmp.Diff(full.phones[0].cards[:len(q.phones[0].cards)], q.phones[0].cards, cmp.AllowUnexported(card{}, tel{})); diff != "" {
				t.Errorf("address book (-full +quiet):\n%s", diff)
			}
			for _, cd := range q.phones[0].cards {
				if cd.name == "催收别接" {
					t.Error("the quiet owner saved a collector")
				}
			}
		})
	}
}
