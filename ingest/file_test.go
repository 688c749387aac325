package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/phone"
)

// contactCollector keeps the contacts passed to it.
type contactCollector struct {
	collector
	contacts []leaktrail.Contact
}

func (c *contactCollector) Contact(ct *leaktrail.Contact) error {
	c.contacts = append(c.contacts, *ct)
	return nil
}

// TestNormalizerFormatCharacters: zero-width and bidi control characters
// in a number never reach its canonical form, whether the number reads
// as digits once they are gone or not at all.
func TestNormalizerFormatCharacters(t *testing.T) {
	tests := []struct {
		raw, want string
		class     leaktrail.NumberClass
	}{
		{"\u200b138\u200b0013\u202e8000\u202c", "+8613800138000", leaktrail.ClassMobile},
		{"138\u061c00138000", "+8613800138000", leaktrail.ClassMobile}, // ARABIC LETTER MARK, a Cf phone does not list
		{"\u200babc\u200b", "abc", leaktrail.ClassInvalid},
		{"\u2066Bank\u2069", "Bank", leaktrail.ClassInvalid},
		{"\u061c", leaktrail.HiddenNumber, leaktrail.ClassHidden},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			c := &contactCollector{}
			n := &normalizer{norm: phone.New("CN"), next: c}
			ev := &leaktrail.Event{NumberRaw: tt.raw, Others: []string{tt.raw}}
			if err := n.Event(ev); err != nil {
				t.Fatal(err)
			}
			if err := n.Contact(&leaktrail.Contact{NumberRaw: tt.raw}); err != nil {
				t.Fatal(err)
			}
			got := []string{c.events[0].Number, string(c.events[0].NumberClass), c.events[0].Others[0], c.contacts[0].Number, string(c.contacts[0].NumberClass)}
			want := []string{tt.want, string(tt.class), tt.want, tt.want, string(tt.class)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("number, class, other, contact number and class of %+q (-want +got):\n%s", tt.raw, diff)
			}
			if c.events[0].NumberRaw != tt.raw {
				t.Errorf("raw number changed to %+q", c.events[0].NumberRaw)
			}
		})
	}
}

// TestNormalizerNUL: NUL characters, which SQLite's text functions take
// for the end of the text, become U+FFFD in every text field, as in the
// XML readers.
func TestNormalizerNUL(t *testing.T) {
	c := &contactCollector{}
	n := &normalizer{norm: phone.New("CN"), next: c}
	ev := &leaktrail.Event{NumberRaw: "138\x0000138000", Body: "a\x00b", Subject: "s\x00", ContactName: "\x00n", Others: []string{"1\x002"}}
	if err := n.Event(ev); err != nil {
		t.Fatal(err)
	}
	ct := &leaktrail.Contact{NumberRaw: "\x00", Name: "a\x00", Label: "l\x00", Org: "o\x00"}
	if err := n.Contact(ct); err != nil {
		t.Fatal(err)
	}
	if err := n.Reject(&leaktrail.Reject{Reason: "r\x00", Excerpt: "e\x00"}); err != nil {
		t.Fatal(err)
	}
	e, k, r := c.events[0], c.contacts[0], c.rejects[0]
	got := []string{e.NumberRaw, e.Number, e.Body, e.Subject, e.ContactName, e.Others[0], k.NumberRaw, k.Number, k.Name, k.Label, k.Org, r.Reason, r.Excerpt}
	want := []string{"138\uFFFD00138000", "138\uFFFD00138000", "a\uFFFDb", "s\uFFFD", "\uFFFDn", "1\uFFFD2", "\uFFFD", "\uFFFD", "a\uFFFD", "l\uFFFD", "o\uFFFD", "r\uFFFD", "e\uFFFD"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}
