package ingest

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2026-03-02 13:13:40", "2026/3/2 13:13", "2026年3月2日 13:13:40", "20260302131340",
		"2026-03-02T13:13:40+08:00", "2025-07-01T10:00:00.000Z", "03-02 13:13:40", "3月2日 13时13分40秒",
		"45000.5417", "0.5417", "1772428420", "1772428420123", "下午1:13", "1:13:40 PM", "２０２６－０３－０２",
		"2026-02-29 10:00:00", "12-31 23:59:59",
	} {
		f.Add(s, 0)
		f.Add(s, 2026)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		years := &yearHints{year: year % 3000, title: spanFromText(s)}
		ms, err := parseTableTime(s, shanghai, years)
		if err != nil {
			return
		}
		if ms <= 0 {
			t.Fatalf("parseTableTime(%q) = %d, want > 0", s, ms)
		}
		if y := time.UnixMilli(ms).UTC().Year(); y < 1970 || y > 2300 {
			t.Fatalf("parseTableTime(%q) = year %d", s, y)
		}
		again, err := parseTableTime(s, shanghai, years)
		if err != nil || again != ms {
			t.Fatalf("parseTableTime(%q) is not deterministic: %d, then %d %v", s, ms, again, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{
		"2分32秒", "15秒", "1小时2分3秒", "1时2分3秒", "00:08:42", "8:42", "83", "83秒", "0", "", "0.0579",
		"1h2m3s", "-5", "约2分", "２分",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, unit uint8) {
		d, err := parseDuration(s, durUnit(unit%3))
		if err != nil {
			return
		}
		if d < -1 || d > maxDuration {
			t.Fatalf("parseDuration(%q) = %d", s, d)
		}
		if d == -1 && strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) != "" {
			t.Fatalf("parseDuration(%q) = -1 for text", s)
		}
	})
}
