package phone

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail"
)

// normalizeCases are inputs as exports write them, with the number each
// should become. All numbers are synthetic or published service numbers.
// FuzzNormalize is seeded from them.
var normalizeCases = []struct {
	name string
	raw  string
	want Number
}{
	// Mobiles, in every way they are written.
	{"mobile", "13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile grouped", "138 0013 8000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile dashes", "138-0013-8000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile plus86", "+86 138 0013 8000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile plus86 bracketed", "(+86)13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile 0086", "0086 13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile 86", "8613800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile trunk zero", "013800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile tel uri", "tel:+86-138-0013-8000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile padded", "  13800138000\t", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile 199", "19912345678", Number{"+8619912345678", leaktrail.ClassMobile}},
	{"mobile 192", "19212345678", Number{"+8619212345678", leaktrail.ClassMobile}},
	{"mobile 145", "14512345678", Number{"+8614512345678", leaktrail.ClassMobile}},
	{"mobile 166", "16612345678", Number{"+8616612345678", leaktrail.ClassMobile}},
	{"mobile full-width", "１３８００１３８０００", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile full-width plus", "＋８６ １３８ ００１３ ８０００", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile full-width brackets", "（＋８６）１３８－００１３－８０００", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile zero-width", "138\u200b0013\u200b8000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile bidi", "\u202a+86 138 0013 8000\u202c", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile isolates", "\u2066138 0013 8000\u2069", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile bom", "\ufeff13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile ext", "+86 138 0013 8000;ext=12", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile pause", "13800138000p123", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile wait", "13800138000W1", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile hash", "13800138000#", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile spaced digits", "1 3 8 0 0 1 3 8 0 0 0", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile no-break space", "\u00a0138\u00a00013\u00a08000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile ideographic space", "+8613800138000\u3000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"mobile 86 bracketed", "(86)13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},

	// Virtual operators.
	{"virtual 170", "17012345678", Number{"+8617012345678", leaktrail.ClassVirtualMobile}},
	{"virtual 1700", "17001234567", Number{"+8617001234567", leaktrail.ClassVirtualMobile}},
	{"virtual 171", "17112345678", Number{"+8617112345678", leaktrail.ClassVirtualMobile}},
	{"virtual 162", "16212345678", Number{"+8616212345678", leaktrail.ClassVirtualMobile}},
	{"virtual 165", "16512345678", Number{"+8616512345678", leaktrail.ClassVirtualMobile}},
	{"virtual 167", "16712345678", Number{"+8616712345678", leaktrail.ClassVirtualMobile}},
	{"virtual plus86", "+86 170 1234 5678", Number{"+8617012345678", leaktrail.ClassVirtualMobile}},

	// IP-dialling prefixes.
	{"ip 17951 spaced", "17951 13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"ip 17951 joined", "1795113800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"ip 12593", "12593 13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"ip 17911 fixed", "17911 010 12345678", Number{"+861012345678", leaktrail.ClassFixed}},
	{"ip 17911 fixed joined", "179110101234567 8", Number{"+861012345678", leaktrail.ClassFixed}},
	{"ip 10193", "1019313800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"ip 17909", "17909-0755-12345678", Number{"+8675512345678", leaktrail.ClassFixed}},
	{"ip 17901", "17901 17012345678", Number{"+8617012345678", leaktrail.ClassVirtualMobile}},
	{"ip 17910 international", "17910 0044 20 7946 0000", Number{"+442079460000", leaktrail.ClassForeign}},
	{"ip 17951 trunk mobile", "17951013800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	{"ip look-alike mobile", "17951234567", Number{"17951234567", leaktrail.ClassInvalid}},
	{"ip prefix alone", "17951", Number{"17951", leaktrail.ClassShort}},

	// Fixed lines.
	{"fixed beijing", "01012345678", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed beijing dash", "010-12345678", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed beijing plus86", "+86 10 1234 5678", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed beijing plus86 trunk", "+86 010 12345678", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed beijing 0086", "0086-10-12345678", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed guangzhou", "020-12345678", Number{"+862012345678", leaktrail.ClassFixed}},
	{"fixed shenzhen", "0755-12345678", Number{"+8675512345678", leaktrail.ClassFixed}},
	{"fixed shenzhen 7 digits", "(0755)1234567", Number{"+867551234567", leaktrail.ClassFixed}},
	{"fixed shenzhen 7 digits dash", "0755-1234567", Number{"+867551234567", leaktrail.ClassFixed}},
	{"fixed hangzhou 7 digits", "0571 1234567", Number{"+865711234567", leaktrail.ClassFixed}},
	{"fixed full-width brackets", "（０７５５）１２３４５６７８", Number{"+8675512345678", leaktrail.ClassFixed}},
	{"fixed tacheng", "0901-1234567", Number{"+869011234567", leaktrail.ClassFixed}},
	{"fixed hangzhou", "0571-87654321", Number{"+8657187654321", leaktrail.ClassFixed}},
	{"fixed 7 digits plus86 trunk", "+86 0755 1234567", Number{"+867551234567", leaktrail.ClassFixed}},
	{"fixed 86 without plus", "86 10 12345678", Number{"861012345678", leaktrail.ClassInvalid}},
	{"fixed extension", "010-12345678转123", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed ext", "010 1234 5678 ext. 9", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed x", "010-12345678 x9", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed comma", "010-12345678,,9", Number{"+861012345678", leaktrail.ClassFixed}},
	{"fixed bad area", "0012", Number{"0012", leaktrail.ClassInvalid}},
	{"fixed too short", "010-1234567", Number{"0101234567", leaktrail.ClassInvalid}},

	// Service numbers.
	{"service icbc", "95588", Number{"95588", leaktrail.ClassService}},
	{"service ccb", "95533", Number{"95533", leaktrail.ClassService}},
	{"service with digits", "9555800", Number{"9555800", leaktrail.ClassService}},
	{"service 8 digits", "95555123", Number{"95555123", leaktrail.ClassService}},
	{"service plus86", "+86 95588", Number{"95588", leaktrail.ClassService}},
	{"service anti-fraud police", "96110", Number{"96110", leaktrail.ClassService}},
	{"service 12345", "12345", Number{"12345", leaktrail.ClassService}},
	{"service 12321", "12321", Number{"12321", leaktrail.ClassService}},
	{"service 12378", "12378", Number{"12378", leaktrail.ClassService}},
	{"service 12381", "12381", Number{"12381", leaktrail.ClassService}},
	{"service 12306", "12306", Number{"12306", leaktrail.ClassService}},
	{"service 12315", "12315", Number{"12315", leaktrail.ClassService}},
	{"service police", "110", Number{"110", leaktrail.ClassService}},
	{"service fire", "119", Number{"119", leaktrail.ClassService}},
	{"service ambulance", "120", Number{"120", leaktrail.ClassService}},
	{"service traffic", "122", Number{"122", leaktrail.ClassService}},
	{"service directory", "114", Number{"114", leaktrail.ClassService}},
	{"service full-width", "９５５８８", Number{"95588", leaktrail.ClassService}},
	{"service too long", "955881234", Number{"955881234", leaktrail.ClassInvalid}},
	{"service 950", "95013123456", Number{"95013123456", leaktrail.ClassService}},
	{"service 950 plus86", "+86 950 1312 3456", Number{"95013123456", leaktrail.ClassService}},

	// Carriers.
	{"carrier mobile", "10086", Number{"10086", leaktrail.ClassCarrier}},
	{"carrier unicom", "10010", Number{"10010", leaktrail.ClassCarrier}},
	{"carrier telecom", "10000", Number{"10000", leaktrail.ClassCarrier}},
	{"carrier telecom 10001", "10001", Number{"10001", leaktrail.ClassCarrier}},
	{"carrier unicom 10011", "10011", Number{"10011", leaktrail.ClassCarrier}},
	{"carrier sub-number", "1008611", Number{"1008611", leaktrail.ClassCarrier}},
	{"carrier post-dial", "10086,1,2", Number{"10086", leaktrail.ClassCarrier}},
	{"carrier plus86", "+8610086", Number{"10086", leaktrail.ClassCarrier}},

	// SMS gateways.
	{"gateway 1069", "1069012345678", Number{"1069012345678", leaktrail.ClassSMSGateway}},
	{"gateway 10690", "10690123", Number{"10690123", leaktrail.ClassSMSGateway}},
	{"gateway 106575", "10657500001234567", Number{"10657500001234567", leaktrail.ClassSMSGateway}},
	{"gateway 1065", "1065502580000", Number{"1065502580000", leaktrail.ClassSMSGateway}},
	{"gateway 1062", "10628888", Number{"10628888", leaktrail.ClassSMSGateway}},
	{"gateway 21 digits", "106901234567890123456", Number{"106901234567890123456", leaktrail.ClassSMSGateway}},
	{"gateway 22 digits", "1069012345678901234567", Number{"1069012345678901234567", leaktrail.ClassInvalid}},
	{"gateway plus86", "+86 1069012345678", Number{"1069012345678", leaktrail.ClassSMSGateway}},
	{"gateway 7 digits", "1069012", Number{"1069012", leaktrail.ClassShort}},

	// 400 and 800.
	{"shared cost", "4001234567", Number{"4001234567", leaktrail.ClassSharedCost}},
	{"shared cost grouped", "400-123-4567", Number{"4001234567", leaktrail.ClassSharedCost}},
	{"shared cost plus86", "+86 400 123 4567", Number{"4001234567", leaktrail.ClassSharedCost}},
	{"toll free", "8001234567", Number{"8001234567", leaktrail.ClassTollFree}},
	{"toll free grouped", "800-123-4567", Number{"8001234567", leaktrail.ClassTollFree}},
	{"toll free plus86", "+868001234567", Number{"8001234567", leaktrail.ClassTollFree}},
	{"shared cost too long", "40012345678", Number{"40012345678", leaktrail.ClassInvalid}},
	{"shared cost area 96", "010 96123", Number{"+861096123", leaktrail.ClassSharedCost}},
	{"toll free 10800", "+86 10800 1234567", Number{"+86108001234567", leaktrail.ClassTollFree}},

	// Other short codes.
	{"short 3 digits", "121", Number{"121", leaktrail.ClassShort}},
	{"short 6 digits", "123456", Number{"123456", leaktrail.ClassShort}},
	{"short 8 digits", "12345678", Number{"12345678", leaktrail.ClassShort}},
	{"short premium", "+8616812345", Number{"16812345", leaktrail.ClassShort}},
	{"short 86 not mobile", "8695588", Number{"8695588", leaktrail.ClassShort}},
	{"short premium 160", "16012345", Number{"16012345", leaktrail.ClassShort}},
	{"short 100", "1001", Number{"1001", leaktrail.ClassShort}},

	// Withheld callers.
	{"hidden empty", "", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden blank", "   ", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden -1", "-1", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden -2", "-2", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden -3", "-3", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden Unknown", "Unknown", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden unknown", "unknown", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden UNKNOWN", "UNKNOWN", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden (Unknown)", "(Unknown)", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden private chinese", "私人号码", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden unknown number chinese", "未知号码", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden unknown chinese", "未知", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden hidden chinese", "隐藏号码", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden Private", "Private", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden Restricted", "Restricted", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden Anonymous", "Anonymous", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden null", "null", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden canonical", "hidden", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden zero-width", "\u200b", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
	{"hidden full-width brackets", "（未知号码）", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},

	// Foreign numbers.
	{"foreign us", "+1 415 555 2671", Number{"+14155552671", leaktrail.ClassForeign}},
	{"foreign uk 00", "0044 20 7946 0000", Number{"+442079460000", leaktrail.ClassForeign}},
	{"foreign hong kong", "+852 5123 4567", Number{"+85251234567", leaktrail.ClassForeign}},
	{"foreign uk extension", "+44 20 7946 0000 ext 12", Number{"+442079460000", leaktrail.ClassForeign}},
	{"foreign invalid", "+1 123", Number{"+1123", leaktrail.ClassInvalid}},

	// Anything else.
	{"invalid mobile range", "17912345678", Number{"17912345678", leaktrail.ClassInvalid}},
	{"invalid mobile range plus86", "+86 179 1234 5678", Number{"+8617912345678", leaktrail.ClassInvalid}},
	{"invalid 86 not mobile", "8617912345678", Number{"8617912345678", leaktrail.ClassInvalid}},
	{"invalid two digits", "12", Number{"12", leaktrail.ClassInvalid}},
	{"invalid lost trunk zero", "1012345678", Number{"1012345678", leaktrail.ClassInvalid}},
	{"invalid twelve digits", "123456789012", Number{"123456789012", leaktrail.ClassInvalid}},
	{"invalid plus only", "+", Number{"+", leaktrail.ClassInvalid}},
	{"invalid words", " 无 ", Number{"无", leaktrail.ClassInvalid}},
	{"invalid e-mail", "abc123@icloud.com", Number{"abc123@icloud.com", leaktrail.ClassInvalid}},
	{"invalid ussd", "*#06#", Number{"*#06#", leaktrail.ClassInvalid}},
	{"invalid label", "13800138000 (手机)", Number{"13800138000 (手机)", leaktrail.ClassInvalid}},
	{"invalid second plus", "+86+13800138000", Number{"+86+13800138000", leaktrail.ClassInvalid}},
	{"invalid too many digits", "+123456789012345678901234567890123", Number{"+123456789012345678901234567890123", leaktrail.ClassInvalid}},
	{"invalid 0086 tail", "008612", Number{"008612", leaktrail.ClassInvalid}},
	{"invalid two numbers", "13800138000/13900139000", Number{"13800138000/13900139000", leaktrail.ClassInvalid}},
	{"invalid ip prefix before plus", "17951+8613800138000", Number{"17951+8613800138000", leaktrail.ClassInvalid}},
	{"invalid letters", "+1 800 FLOWERS", Number{"+1 800 FLOWERS", leaktrail.ClassInvalid}},
}

func TestNormalize(t *testing.T) {
	n := New("")
	for _, tc := range normalizeCases {
		t.Run(tc.name, func(t *testing.T) {
			got := n.Normalize(tc.raw)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Normalize(%q) mismatch (-want +got):\n%s", tc.raw, diff)
			}
			// Twice: the second answer comes from the cache.
			got = n.Normalize(tc.raw)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("cached Normalize(%q) mismatch (-want +got):\n%s", tc.raw, diff)
			}
		})
	}
}

func TestNormalizeRegion(t *testing.T) {
	tests := []struct {
		name   string
		region string
		raw    string
		want   Number
	}{
		{"us national", "US", "(415) 555-2671", Number{"+14155552671", leaktrail.ClassForeign}},
		{"us lower-case region", "us", "415-555-2671", Number{"+14155552671", leaktrail.ClassForeign}},
		{"us international to china", "US", "011 86 138 0013 8000", Number{"+8613800138000", leaktrail.ClassMobile}},
		{"us plus86", "US", "+86 10 1234 5678", Number{"+861012345678", leaktrail.ClassFixed}},
		{"us short code", "US", "95588", Number{"95588", leaktrail.ClassShort}},
		{"us hidden", "US", "Unknown", Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}},
		{"us chinese mobile without prefix", "US", "13800138000", Number{"13800138000", leaktrail.ClassInvalid}},
		{"hong kong national", "HK", "5123 4567", Number{"+85251234567", leaktrail.ClassForeign}},
		{"cn explicit", "CN", "13800138000", Number{"+8613800138000", leaktrail.ClassMobile}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := New(tc.region).Normalize(tc.raw)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("New(%q).Normalize(%q) mismatch (-want +got):\n%s", tc.region, tc.raw, diff)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	type place struct{ Region, Carrier string }
	tests := []struct {
		name      string
		canonical string
		want      place
	}{
		{"mobile", "+8613800138000", place{"北京市", "中国移动"}},
		{"fixed", "+861012345678", place{"北京市", ""}},
		{"fixed seven digits", "+867551234567", place{"广东省深圳市", ""}},
		{"virtual mobile names host network", "+8617012345678", place{"", "中国电信"}},
		{"foreign", "+33612345678", place{"法国", "SFR"}},
		{"service", "95588", place{}},
		{"service plus86", "+8695588", place{}},
		{"carrier", "10086", place{}},
		{"shared cost", "4001234567", place{}},
		{"hidden", leaktrail.HiddenNumber, place{}},
		{"invalid", "+8617912345678", place{}},
		{"empty", "", place{}},
	}
	n := New("CN")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got place
			got.Region, got.Carrier = n.Describe(tc.canonical)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Describe(%q) mismatch (-want +got):\n%s", tc.canonical, diff)
			}
			got.Region, got.Carrier = n.Describe(tc.canonical)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("cached Describe(%q) mismatch (-want +got):\n%s", tc.canonical, diff)
			}
		})
	}
}

func TestCacheBounded(t *testing.T) {
	n := New("CN")
	n.limit = 10
	for i := range 100 {
		n.Normalize(fmt.Sprintf("138%08d", i))
		n.Describe(fmt.Sprintf("+86138%08d", i))
	}
	if len(n.numbers) > n.limit || len(n.places) > n.limit {
		t.Errorf("cache sizes %d and %d, want at most %d", len(n.numbers), len(n.places), n.limit)
	}
	long := "13800138000" + string(make([]byte, 100))
	n.Normalize(long)
	if _, ok := n.numbers[long]; ok {
		t.Errorf("cache holds a %d-byte key", len(long))
	}
}

func TestNormalizeConcurrent(t *testing.T) {
	n := New("")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, tc := range normalizeCases {
				if got := n.Normalize(tc.raw); got != tc.want {
					t.Errorf("Normalize(%q) = %v, want %v", tc.raw, got, tc.want)
				}
			}
			n.Describe("+8613800138000")
		})
	}
	wg.Wait()
}

func BenchmarkNormalize(b *testing.B) {
	raws := make([]string, 1000)
	for i := range raws {
		raws[i] = fmt.Sprintf("+86 138 %04d %04d", i, i)
	}
	// normalize is Normalize without the cache.
	b.Run("uncached", func(b *testing.B) {
		n := New("")
		for i := 0; b.Loop(); i++ {
			n.normalize(raws[i%len(raws)])
		}
	})
	b.Run("uncached_short_code", func(b *testing.B) {
		n := New("")
		for b.Loop() {
			n.normalize("95588")
		}
	})
	b.Run("uncached_fixed", func(b *testing.B) {
		n := New("")
		for b.Loop() {
			n.normalize("0755-12345678")
		}
	})
	b.Run("uncached_foreign", func(b *testing.B) {
		n := New("")
		for b.Loop() {
			n.normalize("+1 415 555 2671")
		}
	})
	b.Run("cached", func(b *testing.B) {
		n := New("")
		for _, r := range raws {
			n.Normalize(r)
		}
		for i := 0; b.Loop(); i++ {
			n.Normalize(raws[i%len(raws)])
		}
	})
}
