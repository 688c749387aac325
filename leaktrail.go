// Package leaktrail holds the domain types shared by every part of the tool:
// events read from phone exports, contacts, sources, rejects and number
// classes. It does no I/O.
package leaktrail

import "strconv"

// Kind is what sort of communication an event records.
type Kind string

const (
	KindCall Kind = "call"
	KindSMS  Kind = "sms"
	KindMMS  Kind = "mms"
)

// Direction is seen from the phone the export came from.
type Direction string

const (
	DirIn  Direction = "in"
	DirOut Direction = "out"
)

// Status says what became of an event.
type Status string

const (
	StatusAnswered  Status = "answered"
	StatusMissed    Status = "missed"
	StatusRejected  Status = "rejected"
	StatusBlocked   Status = "blocked"
	StatusVoicemail Status = "voicemail"
	StatusSent      Status = "sent"
	StatusReceived  Status = "received"
	StatusDraft     Status = "draft"
	StatusFailed    Status = "failed"
	StatusQueued    Status = "queued"
)

// Witness is who recorded an event.
type Witness string

const (
	WitnessPhone   Witness = "phone"   // the phone's own call log or message store
	WitnessCarrier Witness = "carrier" // the carrier's detail bill (通话详单, 短信详单)
)

// NumberClass is the kind of telephone number a canonical number is.
type NumberClass string

const (
	ClassMobile        NumberClass = "mobile"
	ClassVirtualMobile NumberClass = "virtual_mobile" // MVNO ranges 170/171/162/165/167
	ClassFixed         NumberClass = "fixed"
	ClassService       NumberClass = "service"     // 95xxx, 96xxx, 12xxx public services
	ClassCarrier       NumberClass = "carrier"     // 10086, 10010, 10000 and other 100xx
	ClassSMSGateway    NumberClass = "sms_gateway" // 106 senders
	ClassSharedCost    NumberClass = "shared_cost" // 400
	ClassTollFree      NumberClass = "toll_free"   // 800
	ClassShort         NumberClass = "short"       // other short codes
	ClassHidden        NumberClass = "hidden"      // withheld caller
	ClassForeign       NumberClass = "foreign"
	ClassInvalid       NumberClass = "invalid"
)

// HiddenNumber is the canonical number of every withheld caller.
const HiddenNumber = "hidden"

// Locator points back at the record inside its source file. Line and Offset
// are set for text formats, Sheet and Row for spreadsheets. Line and Row
// count from 1; Offset counts bytes from 0.
type Locator struct {
	Line   int64  `json:"line,omitempty"`
	Offset int64  `json:"offset,omitempty"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int64  `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
}

// String renders the locator the way it is stored and shown to users:
// "line 12 byte 3456", "line 7" (a CSV record), "sheet 2026年03月 row 17".
func (l Locator) String() string {
	b := make([]byte, 0, 32)
	word := func(key string) {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, key...)
		b = append(b, ' ')
	}
	if l.Sheet != "" {
		word("sheet")
		b = append(b, l.Sheet...)
	}
	if l.Row > 0 {
		word("row")
		b = strconv.AppendInt(b, l.Row, 10)
	}
	if l.Line > 0 {
		word("line")
		b = strconv.AppendInt(b, l.Line, 10)
	}
	if l.Offset > 0 {
		word("byte")
		b = strconv.AppendInt(b, l.Offset, 10)
	}
	if l.Column != "" {
		word("column")
		b = append(b, l.Column...)
	}
	return string(b)
}

// Attachment describes an MMS part that is not text. Its content is never
// stored: only its type and decoded size.
type Attachment struct {
	ContentType string `json:"content_type"`
	Name        string `json:"name,omitempty"`
	Size        int64  `json:"size"`
}

// Event is one call or message as an export recorded it. At is Unix
// milliseconds in UTC; DurationS is -1 when the export does not say.
type Event struct {
	Kind      Kind      `json:"kind"`
	Direction Direction `json:"direction,omitempty"`
	Status    Status    `json:"status,omitempty"`
	At        int64     `json:"at"`
	// NumberRaw is the peer's number exactly as exported; Number and
	// NumberClass are filled in by normalization.
	NumberRaw   string      `json:"number_raw"`
	Number      string      `json:"number,omitempty"`
	NumberClass NumberClass `json:"number_class,omitempty"`
	// Others lists further raw numbers of a group message (MMS to several
	// recipients), excluding NumberRaw.
	Others      []string     `json:"others,omitempty"`
	DurationS   int64        `json:"duration_s"`
	Body        string       `json:"body,omitempty"`
	Subject     string       `json:"subject,omitempty"`
	ContactName string       `json:"contact_name,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// Witness says who recorded the event: the phone's own log
	// (WitnessPhone, the default when empty) or the carrier's detail bill
	// (WitnessCarrier).
	Witness Witness `json:"witness,omitempty"`
	// Flags carry facts worth keeping that have no column of their own,
	// sorted: "presentation_restricted", "masked_number", "vendor_type_8".
	Flags   []string `json:"flags,omitempty"`
	Locator Locator  `json:"locator"`
}

// Contact is one number of one person in an address book export.
type Contact struct {
	Name        string      `json:"name"`
	NumberRaw   string      `json:"number_raw"`
	Number      string      `json:"number,omitempty"`
	NumberClass NumberClass `json:"number_class,omitempty"`
	Label       string      `json:"label,omitempty"` // CELL, HOME, WORK, 手机 ...
	Org         string      `json:"org,omitempty"`
	Locator     Locator     `json:"locator"`
}

// Reject is an input record that could not be imported, with the reason and
// a bounded excerpt of the raw text.
type Reject struct {
	Locator Locator `json:"locator"`
	Reason  string  `json:"reason"`
	Excerpt string  `json:"excerpt,omitempty"`
}

// Counts is the accounting of one source: Read = Inserted + Duplicates +
// Rejected always holds once an import has finished.
type Counts struct {
	Read       int64 `json:"read"`
	Inserted   int64 `json:"inserted"`
	Duplicates int64 `json:"duplicates"`
	Rejected   int64 `json:"rejected"`
}

// Balanced reports whether the counts add up.
func (c Counts) Balanced() bool {
	return c.Read == c.Inserted+c.Duplicates+c.Rejected
}

// Source is one imported file.
type Source struct {
	ID     int64  `json:"id"`
	Path   string `json:"path"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Format string `json:"format"`
	Phone  string `json:"phone"`
	// ImportedAt is Unix milliseconds.
	ImportedAt int64 `json:"imported_at"`
	Complete   bool  `json:"complete"`
	Counts
}

// DefaultPhone names the phone of the case's owner when an import does not
// say whose phone a file came from.
const DefaultPhone = "owner"

// Label is what a message says, as found by analysis. A message can carry
// several.
type Label string

const (
	LabelCollection       Label = "collection"        // asks for or is about a debt's repayment
	LabelThreat           Label = "threat"            // threatens the owner, family, home or employer
	LabelContactsExposure Label = "contacts_exposure" // threatens to contact, or says it contacted, third parties
	LabelInsult           Label = "insult"            // insults the owner (老赖 ...)
	LabelImpersonation    Label = "impersonation"     // poses as police, court or lawyer
	LabelRelay            Label = "relay"             // a contact reporting a collector's call or message
	LabelLoan             Label = "loan"              // loan granted, due or overdue: dates the leak
	LabelSpam             Label = "spam"              // marketing and advertising
	LabelFraud            Label = "fraud"             // scams: impersonation, phishing links
	LabelService          Label = "service"           // banks, carriers, deliveries, formal notices
	LabelVerification     Label = "verification"      // one-time codes
)

// Category is what analysis decides a number is.
type Category string

const (
	CategoryCollection Category = "collection"
	CategorySpam       Category = "spam"
	CategoryFraud      Category = "fraud"
	CategoryService    Category = "service"
	CategoryContact    Category = "contact"
	CategoryUnknown    Category = "unknown"
)
