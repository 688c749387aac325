// Package phone normalizes the telephone numbers found in phone exports and
// tells what kind of number each one is: a mobile, a fixed line, a bank's
// 95xxx line, an SMS gateway, a withheld caller and so on. Parsing and
// validation use libphonenumber (github.com/nyaruka/phonenumbers); the
// Chinese short codes it does not know are classified here.
package phone

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/nyaruka/phonenumbers"

	"github.com/leaktrail/leaktrail"
)

// Number is a normalized number.
//
// Canonical is the E.164 form ("+8613800138000") of mobile, fixed and
// foreign numbers; the digits alone for short codes, 95/96 service numbers,
// 100xx, 106 gateways, 400 and 800 numbers ("95588", "1069012345678",
// "4001234567"); leaktrail.HiddenNumber for withheld callers. For invalid
// input it is the cleaned digits, with a leading '+' when the input had one,
// or the trimmed raw text when the input holds no digits or characters that
// have no place in a phone number. Canonical is never empty.
type Number struct {
	Canonical string
	Class     leaktrail.NumberClass
}

// cacheLimit bounds each cache of a Normalizer: a cache that reaches it is
// emptied and starts again.
const cacheLimit = 1 << 20

// maxCachedKey is the longest raw string kept in a cache. Phone numbers are
// short; caching long junk would let the cache grow by megabytes per entry.
const maxCachedKey = 64

// maxDigits is the most digits a number may have. The longest accepted
// numbers are 106 gateway senders of 21 digits behind a +86 or 0086.
const maxDigits = 32

// Normalizer normalizes numbers for one default region and caches the
// results. It is safe for concurrent use.
type Normalizer struct {
	region string
	limit  int

	mu      sync.Mutex
	numbers map[string]Number // by raw string
	places  map[string]place  // by canonical number
}

// place is what Describe returns.
type place struct {
	region, carrier string
}

// New returns a Normalizer that reads national numbers as dialled in region,
// an ISO 3166 code such as "CN" (the default when region is "") or "US".
// The Chinese short codes and IP-dialling prefixes are only recognised for
// region CN; numbers written with +86 or 0086 are Chinese whatever the region.
func New(region string) *Normalizer {
	if region == "" {
		region = "CN"
	}
	return &Normalizer{
		region:  strings.ToUpper(region),
		limit:   cacheLimit,
		numbers: make(map[string]Number),
		places:  make(map[string]place),
	}
}

// Normalize returns the canonical form and class of raw, a number as an
// export wrote it. It never fails: input that is not a phone number is
// classified leaktrail.ClassInvalid.
func (n *Normalizer) Normalize(raw string) Number {
	if len(raw) > maxCachedKey {
		return n.normalize(raw)
	}
	n.mu.Lock()
	num, ok := n.numbers[raw]
	n.mu.Unlock()
	if ok {
		return num
	}
	num = n.normalize(raw)
	n.mu.Lock()
	if len(n.numbers) >= n.limit {
		n.numbers = make(map[string]Number)
	}
	n.numbers[raw] = num
	n.mu.Unlock()
	return num
}

// Describe returns where a number was allocated (in Chinese, "北京市") and the
// carrier it was allocated to ("中国移动"), as far as libphonenumber's data
// knows them. Both are "" unless canonical is a mobile, fixed or foreign
// number in E.164 form: short codes get nothing, because libphonenumber
// would read 95588 as a number in 宁夏中卫市. Number portability means the
// carrier is only the original one, and for virtual-operator ranges (170,
// 171, 162, 165, 167) it is the host network, not the virtual operator.
// The geocoding data is loaded on first use.
func (n *Normalizer) Describe(canonical string) (region, carrier string) {
	if !strings.HasPrefix(canonical, "+") || len(canonical) > maxCachedKey {
		return "", ""
	}
	n.mu.Lock()
	p, ok := n.places[canonical]
	n.mu.Unlock()
	if ok {
		return p.region, p.carrier
	}
	p = n.describe(canonical)
	n.mu.Lock()
	if len(n.places) >= n.limit {
		n.places = make(map[string]place)
	}
	n.places[canonical] = p
	n.mu.Unlock()
	return p.region, p.carrier
}

func (n *Normalizer) describe(canonical string) place {
	num := n.Normalize(canonical)
	switch num.Class {
	case leaktrail.ClassMobile, leaktrail.ClassVirtualMobile, leaktrail.ClassFixed, leaktrail.ClassForeign:
	default:
		return place{}
	}
	pn, err := phonenumbers.Parse(num.Canonical, "ZZ")
	if err != nil {
		return place{}
	}
	if num.Class == leaktrail.ClassForeign {
		switch phonenumbers.GetNumberType(pn) {
		case phonenumbers.MOBILE, phonenumbers.FIXED_LINE, phonenumbers.FIXED_LINE_OR_MOBILE:
		default:
			return place{}
		}
	}
	var p place
	// Errors only report geocoding data that failed to load; the answer
	// is then unknown, which "" already says.
	p.region, _ = phonenumbers.GetGeocodingForNumber(pn, "zh")
	if pn.GetCountryCode() == 86 && p.region == "中国" {
		// The country name is libphonenumber's fallback when it knows no
		// place; for a Chinese number it says nothing.
		p.region = ""
	}
	p.carrier, _ = phonenumbers.GetCarrierForNumber(pn, "zh")
	return p
}

func (n *Normalizer) normalize(raw string) Number {
	text := strings.TrimSpace(raw)
	if isHidden(text) {
		return Number{leaktrail.HiddenNumber, leaktrail.ClassHidden}
	}
	digits, plus, ok := clean(text)
	if !ok || digits == "" {
		return Number{text, leaktrail.ClassInvalid}
	}
	if len(digits) > maxDigits {
		return invalid(digits, plus)
	}
	return n.classify(digits, plus)
}

// classify classifies cleaned digits, which followed a plus sign if plus.
func (n *Normalizer) classify(digits string, plus bool) Number {
	if plus {
		return n.international(digits, "+"+digits)
	}
	if n.region != "CN" {
		return n.regional(digits)
	}
	if strings.HasPrefix(digits, "00") {
		return n.international(digits[2:], digits)
	}
	return n.domestic(digits)
}

// hiddenNames are what exports write for a withheld caller, lower-cased.
var hiddenNames = map[string]bool{
	"":               true,
	"-1":             true, // Android CallLog PRESENTATION_RESTRICTED and friends
	"-2":             true,
	"-3":             true,
	"unknown":        true,
	"unknown number": true,
	"private":        true,
	"private number": true,
	"restricted":     true,
	"anonymous":      true,
	"withheld":       true,
	"unavailable":    true,
	"null":           true,
	"hidden":         true, // leaktrail.HiddenNumber, so Normalize is idempotent
	"私人号码":           true,
	"未知号码":           true,
	"未知":             true,
	"隐藏号码":           true,
	"匿名":             true,
}

// isHidden reports whether text (already trimmed) names a withheld caller,
// ignoring case, invisible characters and surrounding brackets: "(Unknown)".
func isHidden(text string) bool {
	text = strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, text)
	text = strings.TrimSpace(text)
	for _, b := range [][2]string{{"(", ")"}, {"（", "）"}, {"<", ">"}, {"[", "]"}} {
		if strings.HasPrefix(text, b[0]) && strings.HasSuffix(text, b[1]) {
			text = strings.TrimSpace(text[len(b[0]) : len(text)-len(b[1])])
			break
		}
	}
	return hiddenNames[strings.ToLower(text)]
}

// isInvisible reports whether r is a zero-width or bidirectional control
// character, which exports and copy-paste leave inside numbers.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space .. right-to-left mark
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2069, // word joiner .. pop directional isolate
		r == 0xFEFF,                // byte order mark
		r == 0x00AD:                // soft hyphen
		return true
	}
	return false
}

// isSeparator reports whether r is punctuation people put between digit
// groups: spaces, dashes, dots and brackets, ASCII or full-width.
func isSeparator(r rune) bool {
	switch r {
	case '-', '.', '(', ')', '[', ']',
		'‐', '‑', '‒', '–', '—', '―', '−', // U+2010..U+2015, U+2212
		'－', '．', '（', '）', '【', '】', '〔', '〕':
		return true
	}
	return unicode.IsSpace(r)
}

// isPostDial reports whether s, the rest of a number starting at a rune
// that follows at least one digit, begins what comes after the number
// proper: pauses and waits (",", ";", "p", "w"), an extension ("#",
// "ext", "x", "转", "分机").
func isPostDial(s string) bool {
	switch s[0] {
	case ',', ';', 'p', 'P', 'w', 'W', '#', 'x', 'X':
		return true
	}
	for _, p := range []string{"，", "；", "＃", "转", "轉", "分机", "分機"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return len(s) >= 3 && strings.EqualFold(s[:3], "ext")
}

// clean reduces text to ASCII digits, reporting whether it began with a
// plus sign. Full-width digits and plus count as ASCII ones, separators and
// invisible characters are dropped, and so is everything from a post-dial
// mark on. ok is false when text holds anything else, such as letters, an
// e-mail address or a USSD code.
func clean(text string) (digits string, plus, ok bool) {
	if len(text) >= 4 && strings.EqualFold(text[:4], "tel:") {
		text = text[4:]
	}
	var b strings.Builder
	b.Grow(len(text))
	for i, r := range text {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		case r == '+' || r == '＋':
			if plus || b.Len() > 0 {
				return "", false, false
			}
			plus = true
		case isSeparator(r) || isInvisible(r):
		case b.Len() > 0 && isPostDial(text[i:]):
			return b.String(), plus, true
		default:
			return "", false, false
		}
	}
	return b.String(), plus, true
}

// invalid is the Number of digits that make no phone number.
func invalid(digits string, plus bool) Number {
	if plus {
		digits = "+" + digits
	}
	return Number{digits, leaktrail.ClassInvalid}
}

// international classifies digits dialled after an international prefix
// ("+" or "00"). orig is the canonical form should they be invalid.
func (n *Normalizer) international(digits, orig string) Number {
	if nat, ok := strings.CutPrefix(digits, "86"); ok {
		if num, ok := n.chinese(nat); ok {
			return num
		}
		return Number{orig, leaktrail.ClassInvalid}
	}
	pn, err := phonenumbers.Parse("+"+digits, "ZZ")
	if err != nil || !phonenumbers.IsValidNumber(pn) {
		return Number{orig, leaktrail.ClassInvalid}
	}
	return Number{phonenumbers.Format(pn, phonenumbers.E164), leaktrail.ClassForeign}
}

// chinese classifies nat, a number written after +86 or 0086.
func (n *Normalizer) chinese(nat string) (Number, bool) {
	// "+86 010 12345678": the trunk prefix has no place here, but people
	// write it.
	nat = strings.TrimPrefix(nat, "0")
	if nat == "" || nat[0] == '0' {
		return Number{}, false
	}
	if num, ok := national(nat); ok {
		return num, true
	}
	if class, ok := shortCode(nat); ok {
		return Number{nat, class}, true
	}
	return Number{}, false
}

// domestic classifies digits dialled inside China without an international
// prefix.
func (n *Normalizer) domestic(digits string) Number {
	if len(digits) < 3 {
		return invalid(digits, false)
	}
	for _, p := range ipPrefixes {
		rest, ok := strings.CutPrefix(digits, p)
		if ok && dialable(rest) {
			if num := n.classify(rest, false); num.Class != leaktrail.ClassInvalid {
				return num
			}
		}
	}
	if nat, ok := strings.CutPrefix(digits, "86"); ok && isMobileShape(nat) {
		if num, ok := national(nat); ok {
			return num
		}
	}
	switch {
	case isMobileShape(digits):
		if num, ok := national(digits); ok {
			return num
		}
		return invalid(digits, false)
	case digits[0] == '0':
		// Trunk prefix 0, then an area code and a number, or a mobile
		// dialled from a fixed line in another city.
		if num, ok := national(digits[1:]); ok {
			return num
		}
		return invalid(digits, false)
	}
	if class, ok := shortCode(digits); ok {
		return Number{digits, class}
	}
	if len(digits) <= 8 {
		return Number{digits, leaktrail.ClassShort}
	}
	return invalid(digits, false)
}

// regional classifies digits dialled in a region other than China, where
// libphonenumber knows the numbering plan and Chinese short codes mean
// nothing.
func (n *Normalizer) regional(digits string) Number {
	pn, err := phonenumbers.Parse(digits, n.region)
	if err == nil && phonenumbers.IsValidNumber(pn) {
		if pn.GetCountryCode() == 86 {
			return n.international("86"+phonenumbers.GetNationalSignificantNumber(pn), digits)
		}
		return Number{phonenumbers.Format(pn, phonenumbers.E164), leaktrail.ClassForeign}
	}
	if len(digits) >= 3 && len(digits) <= 8 {
		return Number{digits, leaktrail.ClassShort}
	}
	return invalid(digits, false)
}

// ipPrefixes are the IP-dialling prefixes phones put in front of long
// distance calls: 17951 and 12593 (China Mobile), 17911 and 10193 (China
// Unicom), 17909, 17901 and 17910 (China Telecom).
var ipPrefixes = []string{"17951", "12593", "17911", "10193", "17909", "17901", "17910"}

// dialable reports whether rest, what follows an IP-dialling prefix, looks
// like a number one would dial that way: a mobile, a trunk prefix and a
// national number, or an international call. This keeps an 11-digit mobile
// starting 179xx from losing its first five digits.
func dialable(rest string) bool {
	switch {
	case isMobileShape(rest):
		return true
	case strings.HasPrefix(rest, "00"):
		return len(rest) > 4
	case strings.HasPrefix(rest, "0"):
		return len(rest) >= 10 && len(rest) <= 12
	}
	return false
}

// isMobileShape reports whether s has the shape of a Chinese mobile number:
// eleven digits, 1[3-9]xxxxxxxxx.
func isMobileShape(s string) bool {
	return len(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9'
}

// virtualPrefixes are the mobile ranges given to virtual operators (MVNOs).
var virtualPrefixes = []string{"170", "171", "162", "165", "167"}

// mobileClass tells a virtual-operator mobile from a plain one.
func mobileClass(nat string) leaktrail.NumberClass {
	for _, p := range virtualPrefixes {
		if strings.HasPrefix(nat, p) {
			return leaktrail.ClassVirtualMobile
		}
	}
	return leaktrail.ClassMobile
}

// national classifies nat, a Chinese national significant number (no
// trunk prefix), when libphonenumber finds it valid or it is an old
// fixed line.
func national(nat string) (Number, bool) {
	pn, ok := cnNumber(nat)
	if !ok {
		return Number{}, false
	}
	// For a single-region country code, a number is valid exactly when
	// libphonenumber finds it a type; asking once saves a second match.
	var class leaktrail.NumberClass
	switch phonenumbers.GetNumberType(pn) {
	case phonenumbers.UNKNOWN:
		if isOldFixed(nat) {
			return Number{"+86" + nat, leaktrail.ClassFixed}, true
		}
		return Number{}, false
	case phonenumbers.PREMIUM_RATE:
		return Number{nat, leaktrail.ClassShort}, true // 160 and 168 information lines
	case phonenumbers.TOLL_FREE:
		class = leaktrail.ClassTollFree
	case phonenumbers.SHARED_COST:
		class = leaktrail.ClassSharedCost
	default:
		if isMobileShape(nat) {
			return Number{"+86" + nat, mobileClass(nat)}, true
		}
		return Number{"+86" + nat, leaktrail.ClassFixed}, true
	}
	// 400 and 800 numbers are dialled as they are, and so are the 950
	// numbers libphonenumber counts as shared-cost. Its other shared-cost
	// and toll-free numbers carry an area code (0755-96xxx) or a prefix
	// (10800) and keep their E.164 form.
	if c, ok := shortCode(nat); ok {
		return Number{nat, c}, true
	}
	return Number{"+86" + nat, class}, true
}

// cnNumber returns nat as a +86 number for libphonenumber. Building it
// directly costs a fraction of parsing the text.
func cnNumber(nat string) (*phonenumbers.PhoneNumber, bool) {
	if nat == "" || nat[0] == '0' || len(nat) > 15 {
		return nil, false
	}
	v, err := strconv.ParseUint(nat, 10, 64)
	if err != nil {
		return nil, false
	}
	cc := int32(86)
	return &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &v}, true
}

// isOldFixed reports whether nat is an area code libphonenumber knows
// followed by a local number: 8 digits after a two-digit area code (10,
// 2x), 7 or 8 after a three-digit one. libphonenumber rejects 7-digit
// numbers in cities that moved to 8 digits, such as "0755-1234567", which
// old address books and bills still hold. Beijing and the 2x cities have
// had 8-digit numbers since the 1990s. nat is not empty.
func isOldFixed(nat string) bool {
	area := 3
	if nat[0] == '1' || nat[0] == '2' {
		area = 2
	}
	local := len(nat) - area
	if local != 8 && (local != 7 || area == 2) {
		return false
	}
	return nat[area] != '0' && IsAreaCode(nat[:area])
}

// IsAreaCode reports whether libphonenumber knows fixed lines in the
// Chinese area code area, given without its trunk prefix 0 ("10", "755").
// Every area code has local numbers starting with 2, in 7 or 8 digits.
func IsAreaCode(area string) bool {
	for _, local := range []string{"2000000", "20000000"} {
		pn, ok := cnNumber(area + local)
		if !ok {
			return false
		}
		switch phonenumbers.GetNumberType(pn) {
		case phonenumbers.FIXED_LINE, phonenumbers.FIXED_LINE_OR_MOBILE:
			return true
		}
	}
	return false
}

// emergency are the three-digit numbers classified as services: police,
// GSM emergency, directory enquiries, fire, ambulance, traffic police.
var emergency = map[string]bool{"110": true, "112": true, "114": true, "119": true, "120": true, "122": true}

// shortCode classifies the Chinese numbers that are not mobiles or fixed
// lines: service lines, carriers, SMS gateways, 400 and 800 numbers.
func shortCode(d string) (leaktrail.NumberClass, bool) {
	switch {
	case emergency[d]:
		return leaktrail.ClassService, true
	case (strings.HasPrefix(d, "95") || strings.HasPrefix(d, "96")) && len(d) >= 5 && len(d) <= 8:
		// 95xxx nationwide and 96xxx provincial lines, with the digits
		// some senders append: 9555800.
		return leaktrail.ClassService, true
	case strings.HasPrefix(d, "950") && (len(d) == 10 || len(d) == 11):
		// 950 + 7 or 8 digits: companies' nationwide numbers.
		return leaktrail.ClassService, true
	case strings.HasPrefix(d, "12") && len(d) == 5:
		// 12xxx public services: 12345, 12306, 12315, 12321, 12381.
		return leaktrail.ClassService, true
	case strings.HasPrefix(d, "100") && len(d) >= 5 && len(d) <= 8:
		// 10086, 10010, 10000 and the like, and their sub-numbers such as
		// 1008611.
		return leaktrail.ClassCarrier, true
	case strings.HasPrefix(d, "106") && len(d) >= 8 && len(d) <= 21:
		return leaktrail.ClassSMSGateway, true
	case strings.HasPrefix(d, "400") && len(d) == 10:
		return leaktrail.ClassSharedCost, true
	case strings.HasPrefix(d, "800") && len(d) == 10:
		return leaktrail.ClassTollFree, true
	}
	return "", false
}
