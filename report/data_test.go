package report

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, number, name string }{
		{"+8613800138000", "+86138****8000", ""},
		{"13800138000", "138****8000", ""},
		{"075512345678", "075****5678", ""},
		{"95588", "***88", ""},
		{"", "", ""},
	} {
		if got := MaskNumber(c.in); got != c.number {
			t.Errorf("MaskNumber(%q) = %q, want %q", c.in, got, c.number)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"张三", "张*"}, {"张三丰", "张**"}, {"Amy", "A**"}, {"妈", "妈*"}, {"姐姐 / 小王", "姐* / 小*"}, {"", ""},
	} {
		if got := MaskName(c.in); got != c.want {
			t.Errorf("MaskName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestEventsSpool: one pass over the timeline reads SQLite (for an
// unmasked report, the one Load starts on a second handle), later ones
// replay its copy; they give the same events as SQLite does after Close,
// masked or not, and a pass stopped early does not spoil the copy.
func TestEventsSpool(t *testing.T) {
	for _, mask := range []bool{false, true} {
		d := testData(t, Options{Mask: mask})
		stop := errors.New("stop")
		n := 0
		err := d.Events(t.Context(), func(Event) error {
			if n++; n == 3 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) {
			t.Fatalf("stopped pass: %v", err)
		}
		var passes [3][]Event
		for i := range passes {
			if err := d.Events(t.Context(), func(e Event) error {
				passes[i] = append(passes[i], e)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if i == 0 && (d.spool == nil || !d.spool.done) {
				t.Fatal("a whole pass left no copy of the timeline")
			}
		}
		if len(passes[0]) < 10 {
			t.Fatalf("%d events", len(passes[0]))
		}
		for i := 1; i < len(passes); i++ {
			if diff := cmp.Diff(passes[0], passes[i]); diff != "" {
				t.Errorf("mask %v: pass %d differs from the first (-SQLite +copy):\n%s", mask, i+1, diff)
			}
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		// Closed, Events reads SQLite again.
		var again []Event
		if err := d.Events(t.Context(), func(e Event) error { again = append(again, e); return nil }); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(passes[0], again); diff != "" {
			t.Errorf("after Close:\n%s", diff)
		}
	}
}
