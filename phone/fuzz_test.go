package phone

import (
	"strings"
	"testing"

	"github.com/leaktrail/leaktrail"
)

// stableClasses are the classes whose canonical number normalizes to
// itself.
var stableClasses = map[leaktrail.NumberClass]bool{
	leaktrail.ClassMobile:        true,
	leaktrail.ClassVirtualMobile: true,
	leaktrail.ClassFixed:         true,
	leaktrail.ClassService:       true,
	leaktrail.ClassCarrier:       true,
	leaktrail.ClassSMSGateway:    true,
	leaktrail.ClassSharedCost:    true,
	leaktrail.ClassTollFree:      true,
	leaktrail.ClassShort:         true,
	leaktrail.ClassHidden:        true,
	leaktrail.ClassForeign:       true,
}

func FuzzNormalize(f *testing.F) {
	for _, tc := range normalizeCases {
		f.Add(tc.raw)
	}
	normalizers := []*Normalizer{New("CN"), New("US")}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, n := range normalizers {
			got := n.Normalize(raw)
			if got.Canonical == "" {
				t.Fatalf("%s: Normalize(%q) = %+v: empty canonical number", n.region, raw, got)
			}
			if !stableClasses[got.Class] && got.Class != leaktrail.ClassInvalid {
				t.Fatalf("%s: Normalize(%q) = %+v: unknown class", n.region, raw, got)
			}
			if !stableClasses[got.Class] {
				continue
			}
			// Canonical digits alone are Chinese short codes, 400 and
			// 800 numbers: only a CN Normalizer reads them back.
			if n.region != "CN" && !strings.HasPrefix(got.Canonical, "+") &&
				got.Class != leaktrail.ClassHidden && got.Class != leaktrail.ClassShort {
				continue
			}
			if again := n.Normalize(got.Canonical); again != got {
				t.Errorf("%s: Normalize(%q) = %+v, but Normalize(%q) = %+v", n.region, raw, got, got.Canonical, again)
			}
			// Describe must cope with anything Normalize returns.
			n.Describe(got.Canonical)
		}
	})
}
