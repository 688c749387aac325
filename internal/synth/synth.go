// Package synth makes synthetic but realistic cases of debt-collection
// harassment: the phone exports of a borrower hounded by collectors (SMS
// Backup & Restore XML, an Android vCard) and of their mother, whom the
// collectors reach through the leaked contacts list, together with the
// ground truth an analyzer should find. The seed decides everything: the
// same options give byte-identical files.
//
// Ordinary life holds what an analyzer could take for collection and must
// not: friends settling small debts (and joking "老赖"), credit-card and
// 花呗 bills, phone and electricity arrears, the landlord asking for rent,
// parcels and library books 逾期, a wrong number collecting somebody
// else's debt. Options.Quiet gives the same person's life without the
// debt story, to count false alarms on.
//
// WriteSBRMessages and WriteSBRCalls stream files of any size for
// benchmarks.
package synth

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Number categories, as named in DESIGN.md.
const (
	catCollection = "collection"
	catSpam       = "spam"
	catFraud      = "fraud"
	catService    = "service"
	catContact    = "contact"
	catUnknown    = "unknown"
)

// pcgStream is the second word of every PCG source, so that the seed alone
// decides the output. The debt story draws from its own stream, pcgStory,
// so that a quiet case's ordinary life is the full case's.
const (
	pcgStream = 0x6c65616b74726c31
	pcgStory  = 0x6c65616b74726c32
)

// The case runs from caseStart for as many days as reach 2026-03-01.
var (
	caseStart = civil(2025, time.September, 1)
	caseEnd   = civil(2026, time.March, 1)
)

// Options choose the case Generate makes.
type Options struct {
	// Seed decides everything: the same options give the same case.
	Seed int64
	// Location is the case's time zone; nil means Asia/Shanghai.
	Location *time.Location
	// Scale multiplies the volume of ordinary traffic; 0 means 1. The debt
	// story (loan, collection campaign, third parties) is the same at every
	// scale.
	Scale float64
	// Quiet makes the same person's ordinary life without the debt story:
	// no loan, no platform, no collectors, no relays. Everything else is
	// as in the full case of the same seed.
	Quiet bool
}

// File is one export written by Case.Write.
type File struct {
	Path  string
	Phone string // whose phone: "owner" or "mother"
	Kind  string // "sbr-messages", "sbr-calls" or "vcard"
}

// Truth is what an analyzer should find in the case. Dates are
// "2006-01-02" in the case's time zone. A quiet case has no platforms and
// empty dates.
//
// Some cases hold a wrong number: weeks before the loan, a stranger texts
// the owner to collect somebody else's debt. That number is unknown, not
// collection: it is not the campaign and says nothing of the owner's
// debt, and the onset is the campaign's first contact all the same.
type Truth struct {
	Owner     string   `json:"owner"`
	Platforms []string `json:"platforms"` // the lender named in the loan notices first
	LoanDate  string   `json:"loan_date"` // the first platform's loan
	DueDate   string   `json:"due_date"`  // the first platform's due date
	// LeakDate is the first day collectors contacted a third party.
	LeakDate string `json:"leak_date"`
	// OnsetDate is the first day of collection contacts to the owner.
	OnsetDate string `json:"onset_date"`
	// Numbers maps every number as written in the exports (each written
	// form separately) to its category: collection, spam, fraud, service,
	// contact or unknown.
	Numbers map[string]string `json:"numbers"`
}

// Case is a generated case: its truth and the records of each phone.
type Case struct {
	Truth  Truth
	loc    *time.Location
	phones []*phone // the owner's first
}

// party is a number that calls or texts.
type party struct {
	num    string // digits as dialled within China; "-1", "-2" when withheld
	cat    string
	mobile bool   // an 11-digit mobile, written in several ways
	pres   int    // presentation of its calls: 1 allowed, 2 restricted, 3 unknown
	phone  *phone // its own phone, when that phone's exports are in the case
	// intl says whether the network shows this mobile with +86 on texts
	// and on calls, with exceptions now and then.
	intlSMS, intlCall bool
}

// phone is one exported phone and what its backups hold.
type phone struct {
	id        string
	self      *party
	names     map[string]string // num -> contact name on this phone
	stored    map[string]string // num -> number as written in the address book
	cards     []card            // the address book (exported for the owner)
	smsc      string            // service centre of received SMS
	subID     string            // sub_id of messages
	simID     string            // subscription_id of calls
	backupAt  int64
	backupSet string
	msgs      []*message
	calls     []*call
}

// message is an SMS, or an MMS when mms is set.
type message struct {
	at      int64 // date, Unix ms
	sent    int64 // date_sent, Unix ms; 0 when unknown
	box     int   // 1 received, 2 sent
	addr    string
	body    string
	read    bool
	contact string
	cat     string // category of the peer (the sender of a received MMS)
	peer    *party
	mms     *mmsInfo
}

// mmsInfo holds what an MMS has beyond an SMS.
type mmsInfo struct {
	from      string   // sender (addr type 137)
	to        []string // recipients (addr type 151)
	image     []byte   // nil for a text-only MMS
	imageName string
	// stream, when set, yields imageSize bytes of image instead of image.
	stream    io.Reader
	imageSize int64
}

// call is one call-log row.
type call struct {
	at      int64
	number  string
	dur     int
	typ     int
	pres    int
	contact string
	cat     string
}

// card is one address-book entry.
type card struct {
	name string
	org  string
	tels []tel
}

type tel struct{ label, raw string }

// platform is a lending app the owner borrowed from.
type platform struct {
	name      string
	lender    string // the company that pays out, as the bank names it
	gateway   *party // its notices (service)
	postLoan  *party // its post-loan gateway (collection)
	hotline   *party // its 400 customer service (service)
	loanDay   int
	dueDay    int
	onsetDay  int
	principal float64
	received  float64
	total     float64
}

// owed is what the collectors claim on day d.
func (p *platform) owed(d int) float64 {
	late := d - p.dueDay
	if late <= 0 {
		return p.total
	}
	return p.total*(1+0.015*float64(late)) + 100
}

// team is a group of collectors working one platform's debt from rotating
// numbers.
type team struct {
	plat   *platform
	peak   int     // contacts a day at full pace
	night  float64 // share of contacts at night
	active []*collector
	tplDay int
	tpl    map[string]int // template chosen for the day, per stage
	saved  *collector     // the number the owner saved as 催收别接
	dials  []*dialler
}

type collector struct {
	p     *party
	until int // last day the number is used
	// left, when above 0, is how many calls the number makes before it
	// is dropped; such a number never texts.
	left int
}

// dialler is a number that only calls: a run of missed and short calls
// over one to three days, then never again.
type dialler struct {
	p     *party
	first int   // the day of plan[0]
	plan  []int // calls on each day
}

// gen carries the state of one Generate call. It draws from two streams:
// life (the people and their ordinary days) and story (the loan and all
// that follows). rnd is the stream in use.
type gen struct {
	rnd
	life, story rnd
	seed        int64
	quiet       bool
	loc         *time.Location
	scale       float64
	ndays       int
	used        map[string]bool   // numbers handed out
	nums        map[string]string // raw -> category

	v          vars // case-wide placeholders
	work, home place
	owner      *phone
	mother     *phone

	father, sister, boss   *party
	friends, colleagues    []*party
	couriers, kin, privacy []*party
	hidden                 []*party
	bankICBC, bankCCB      *party
	bankABC, carrier, rail *party
	antiFraud, police      *party
	complaint              *party
	coders, stationGWs     []*party
	marketers, adGWs       []*party
	reliefGWs, reliefMob   []*party
	fixedCollector         *party
	landlord, power        *party
	library                *party

	plats    []*platform
	teams    []*team
	mTeam    *team // numbers that only call the mother
	leakDay  int
	blockDay int
	lulls    map[int]bool
	events   map[int][]func() // one-off events of ordinary life by day
	plotted  map[int][]func() // one-off events of the story by day
	today    []*message       // collection SMS to the owner today
	bal      float64          // the owner's ICBC balance
	salary   float64
	rent     float64
	tail, cc string // the owner's card tails
	mTail    string // the mother's card tail
	ccDue    int    // due day of the credit card's last bill
	ccOwed   float64
	hbOwed   float64 // 花呗 bill not yet paid
	rentPaid bool    // this month's rent
}

// Generate makes the case opts describe.
func Generate(opts Options) *Case {
	loc := opts.Location
	if loc == nil {
		loc = shanghai()
	}
	scale := opts.Scale
	if scale <= 0 {
		scale = 1
	}
	g := &gen{
		life:    newRnd(opts.Seed),
		story:   rnd{rand.New(rand.NewPCG(uint64(opts.Seed), pcgStory))},
		seed:    opts.Seed,
		quiet:   opts.Quiet,
		loc:     loc,
		scale:   scale,
		ndays:   daysBetween(caseStart, caseEnd),
		used:    map[string]bool{},
		nums:    map[string]string{},
		lulls:   map[int]bool{},
		events:  map[int][]func(){},
		plotted: map[int][]func(){},
	}
	g.rnd = g.life
	g.cast()
	g.scheduleLife()
	if !g.quiet {
		g.inStory(g.plot)
	}
	for d := 0; d < g.ndays; d++ {
		g.ownerDay(d)
		g.motherDay(d)
		for _, f := range g.events[d] {
			f()
		}
		if g.quiet {
			continue
		}
		g.inStory(func() {
			g.today = g.today[:0]
			g.storyLife(d)
			for _, p := range g.plats {
				g.platformDay(p, d)
			}
			g.campaignDay(d)
			for _, f := range g.plotted[d] {
				f()
			}
			g.ownerReacts(d)
		})
	}
	return g.finish()
}

// inStory runs f drawing from the story's stream.
func (g *gen) inStory(f func()) {
	g.rnd = g.story
	f()
	g.rnd = g.life
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600) // no DST since 1991
	}
	return loc
}

// cast makes the people, their numbers and address books.
func (g *gen) cast() {
	g.work = pick(g.rnd, workCities)
	g.home = pick(g.rnd, hometowns)
	male := g.chance(0.5)
	sur := pick(g.rnd, surnames)
	given := g.givenName(male)
	full := sur + given
	call := given // how family and friends address the owner
	if utf8.RuneCountInString(given) == 1 {
		call = full
	}
	nick := given
	if utf8.RuneCountInString(given) == 1 {
		nick = given + given
	}
	company := g.work.name + pick(g.rnd, firmWords) + pick(g.rnd, firmWords) + "科技有限公司"
	boss := pick(g.rnd, surnames) + pick(g.rnd, []string{"总", "经理", "总监"})
	district := pick(g.rnd, g.work.districts)
	g.v = vars{
		"name":    full,
		"sur":     sur,
		"given":   call,
		"child":   pickIf(male, "儿子", "女儿"),
		"ta":      pickIf(male, "他", "她"),
		"uncle":   pickIf(male, "舅舅", "小姨"),
		"mom":     "妈",
		"company": company,
		"city":    g.work.name,
		"boss":    boss,
		"idmask":  "4" + g.digits(3) + "**********" + g.digits(3) + pick(g.rnd, []string{"1", "3", "5", "X", "7"}),
		"firm":    g.work.name + pick(g.rnd, firmWords) + pick(g.rnd, firmWords),
		"court":   g.work.name + "市" + district + "区人民法院",
		"caseNo":  fmt.Sprintf("（2026）%s%s民初%d号", g.work.abbr, "0"+g.digits(3), g.between(1000, 19999)),
	}
	g.tail, g.cc, g.mTail = g.digits(4), g.digits(4), g.digits(4)
	g.bal = float64(g.between(3000, 9000))
	g.salary = float64(g.between(80, 130) * 100)
	g.rent = float64(g.between(22, 35) * 100)

	g.owner = g.newPhone("owner", g.work)
	g.mother = g.newPhone("mother", g.home)
	g.owner.subID, g.mother.subID = "1", "-1"

	names := map[string]bool{}
	person := func(male bool) string {
		for {
			n := pick(g.rnd, surnames) + g.givenName(male)
			if !names[n] && n != full {
				names[n] = true
				return n
			}
		}
	}
	g.father = g.newMobile(catContact, ordinaryPrefixes)
	g.sister = g.newMobile(catContact, ordinaryPrefixes)
	sisterGiven := g.givenName(false)
	g.addContact(g.owner, g.mother.self, "妈妈", "", "CELL")
	g.addContact(g.owner, g.father, "爸爸", "", "CELL")
	g.addContact(g.owner, g.sister, "姐姐", "", "CELL")
	home := g.newFixed(g.home.area, 7, catContact)
	g.owner.cards[0].tels = append(g.owner.cards[0].tels, tel{"HOME", g.note(dashed(home.num, g.home.area), catContact)})
	for i := range 5 {
		p := g.newMobile(catContact, ordinaryPrefixes)
		name := person(g.chance(0.5))
		if i == 4 {
			name = pick(g.rnd, englishName)
		}
		g.friends = append(g.friends, p)
		g.addContact(g.owner, p, name, "", "CELL")
	}
	for range 4 {
		p := g.newMobile(catContact, ordinaryPrefixes)
		g.colleagues = append(g.colleagues, p)
		g.addContact(g.owner, p, person(g.chance(0.5)), company, "CELL")
	}
	g.boss = g.newMobile(catContact, ordinaryPrefixes)
	g.addContact(g.owner, g.boss, boss, company, "CELL")
	office := g.newFixed(g.work.area, 8, catContact)
	bossCard := &g.owner.cards[len(g.owner.cards)-1]
	bossCard.tels = append(bossCard.tels, tel{"WORK", g.note(dashed(office.num, g.work.area), catContact)})
	// The landlord, whom the owner pays by transfer on the 5th.
	landlord := pick(g.rnd, surnames) + pick(g.rnd, []string{"姐", "哥", "阿姨", "叔"})
	g.v["landlord"] = landlord
	g.landlord = g.newMobile(catContact, ordinaryPrefixes)
	g.addContact(g.owner, g.landlord, "房东"+landlord, "", "CELL")
	others := slices.Clone(otherContacts)
	g.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	for _, name := range others[:5] {
		if name == "小区物业" {
			p := g.newFixed(g.work.area, 8, catContact)
			g.owner.names[p.num] = name
			g.owner.cards = append(g.owner.cards, card{name: name, tels: []tel{{"WORK", g.note(p.num, catContact)}}})
			continue
		}
		g.addContact(g.owner, g.newMobile(catContact, ordinaryPrefixes), name, "", "CELL")
	}

	// The mother's phone knows the family and a few relatives.
	g.mother.names[g.owner.self.num] = nick
	g.mother.names[g.father.num] = "老公"
	g.mother.names[g.sister.num] = sisterGiven + pickIf(utf8.RuneCountInString(sisterGiven) == 1, sisterGiven, "")
	for _, name := range motherRelatives[:4] {
		p := g.newMobile(catContact, ordinaryPrefixes)
		g.kin = append(g.kin, p)
		g.mother.names[p.num] = name
	}
	for _, p := range []*party{g.owner.self, g.father, g.sister} {
		g.mother.stored[p.num] = p.num
	}

	for range 6 {
		g.couriers = append(g.couriers, g.newMobile(catUnknown, ordinaryPrefixes))
	}
	g.hidden = []*party{{num: "-1", cat: catUnknown, pres: 2}, {num: "-2", cat: catUnknown, pres: 3}}
	g.bankICBC = g.short("95588", catService)
	g.bankCCB = g.short("95533", catService)
	g.bankABC = g.short("95599", catService)
	g.carrier = g.short("10086", catService)
	g.rail = g.short("12306", catService)
	g.antiFraud = g.short("12381", catService)
	g.police = g.short("96110", catService)
	g.complaint = g.short("12378", catService)
	for range codeSenders {
		g.coders = append(g.coders, g.newGateway(catService))
	}
	cainiao := g.newGateway(catService)
	g.stationGWs = []*party{cainiao, cainiao, g.newGateway(catService)}
	for range marketing {
		g.marketers = append(g.marketers, g.newGateway(catSpam))
	}
	for range adLenders {
		g.adGWs = append(g.adGWs, g.newGateway(catSpam))
	}
	g.power = g.short("95598", catService)
	g.library = g.newGateway(catService)
}

// plot fixes the dates of the story.
func (g *gen) plot() {
	names := map[string]bool{}
	newPlat := func() *platform {
		var name string
		for {
			mid, tail := pick(g.rnd, platformMid), pick(g.rnd, platformTail)
			name = pick(g.rnd, platformHead) + mid + tail
			if mid != tail && !names[name] {
				names[name] = true
				break
			}
		}
		principal := float64(pick(g.rnd, []int{2000, 3000, 3500, 5000, 6000}))
		return &platform{
			name:      name,
			lender:    pick(g.rnd, hometowns).name + pick(g.rnd, firmWords) + pick(g.rnd, firmWords) + "网络小额贷款有限公司",
			gateway:   g.newGateway(catService),
			postLoan:  g.newGateway(catCollection),
			hotline:   g.short("400"+g.digits(7), catService),
			principal: principal,
			received:  math.Round(principal*(0.7+0.05*float64(g.IntN(4)))/10) * 10,
		}
	}
	p1 := newPlat()
	p1.loanDay = daysBetween(caseStart, civil(2025, time.December, 15)) + g.between(0, 18)
	term := pick(g.rnd, []int{7, 14})
	p1.dueDay = p1.loanDay + term
	p1.total = p1.principal + math.Round(p1.principal*0.06*float64(term)/7)
	p1.onsetDay = p1.dueDay + g.between(1, 2)
	g.plats = []*platform{p1}
	if g.chance(0.45) {
		// Borrowed again to cover the first loan: it did not cover it.
		p2 := newPlat()
		p2.loanDay = p1.dueDay - g.between(1, 3)
		p2.dueDay = p2.loanDay + 7
		p2.total = p2.principal + math.Round(p2.principal*0.06)
		p2.onsetDay = p2.dueDay + g.between(1, 3)
		g.plats = append(g.plats, p2)
	}
	for range reliefOrgs {
		g.reliefGWs = append(g.reliefGWs, g.newGateway(catSpam))
	}
	for range 2 {
		g.reliefMob = append(g.reliefMob, g.newMobile(catSpam, ordinaryPrefixes))
	}
	g.fixedCollector = g.newFixed(g.work.area, 8, catCollection)
	g.leakDay = p1.onsetDay + g.between(4, 10)
	g.blockDay = p1.onsetDay + g.between(10, 16)

	// 除夕 to 初三 of 2026, and a couple of quiet days.
	for d := daysBetween(caseStart, civil(2026, time.February, 16)); d <= daysBetween(caseStart, civil(2026, time.February, 19)); d++ {
		g.lulls[d] = true
	}
	for range 2 {
		g.lulls[g.between(p1.onsetDay+5, g.ndays-2)] = true
	}

	t1 := &team{plat: p1, peak: g.between(16, 24), night: 0.05 + 0.07*g.Float64()}
	t1.saved = &collector{p: g.newMobile(catCollection, virtualPrefixes), until: p1.onsetDay + g.between(10, 14)}
	t1.active = []*collector{t1.saved}
	g.owner.names[t1.saved.p.num] = "催收别接"
	g.owner.stored[t1.saved.p.num] = t1.saved.p.num
	g.owner.cards = append(g.owner.cards, card{name: "催收别接", tels: []tel{{"CELL", g.note(t1.saved.p.num, catCollection)}}})
	g.teams = []*team{t1}
	if len(g.plats) > 1 {
		g.teams = append(g.teams, &team{plat: g.plats[1], peak: g.between(5, 9), night: 0.03 + 0.05*g.Float64()})
	}
	g.mTeam = &team{plat: p1}

	g.schedulePlot()
}

// on places f on day d of events, if the case holds that day.
func (g *gen) on(events map[int][]func(), d int, f func()) {
	if d >= 0 && d < g.ndays {
		events[d] = append(events[d], f)
	}
}

// scheduleLife places the one-off events of ordinary life.
func (g *gen) scheduleLife() {
	o := g.owner
	on := func(d int, f func()) { g.on(g.events, d, f) }

	// A phone scam, hidden callers, photos.
	scamDay := g.between(20, 80)
	on(scamDay, func() {
		at := g.daytime(scamDay)
		crook := g.newMobile(catFraud, ordinaryPrefixes)
		dur := g.between(60, 300)
		g.talk(o, crook, at, false, 1, dur)
		warn := g.after(at, dur+60, dur+600)
		g.recv(o, warn, g.antiFraud, antiFraudAlert)
		g.talk(o, g.police, g.after(warn, 20*60, 90*60), false, 1, g.between(60, 200))
	})
	for i, d := range []int{g.between(10, 60), g.between(60, 110), g.between(110, 170)} {
		h := g.hidden[0]
		if i == 2 {
			h = g.hidden[1]
		}
		on(d, func() { g.talk(o, h, g.daytime(d), false, pickIf(i == 1, 1, 3), pickIf(i == 1, g.between(5, 40), 0)) })
	}
	for _, d := range []int{g.between(5, 50), g.between(60, 100)} {
		on(d, func() {
			f := pick(g.rnd, g.friends)
			g.groupMMS(o.self, []*party{f}, g.within(d, 18*60, 22*60), pick(g.rnd, friendMMSTexts), "IMG_"+g.stamp(d)+".png")
		})
	}
	// Family group MMS from the sister: 国庆, one in November, 除夕.
	family := []*party{o.self, g.mother.self, g.father}
	for _, d := range []int{g.between(30, 36), g.between(62, 88), daysBetween(caseStart, civil(2026, time.February, 16))} {
		on(d, func() {
			g.groupMMS(g.sister, family, g.within(d, 17*60, 21*60), pick(g.rnd, familyMMSTexts), "IMG_"+g.stamp(d)+".png")
		})
	}
	// The mother's scams.
	for i, tpl := range motherScams {
		d := g.between(10+50*i, 50+50*i)
		on(d, func() {
			g.recv(g.mother, g.daytime(d), g.newMobile(catFraud, ordinaryPrefixes), g.v.with("path", g.path()).fill(tpl))
		})
	}

	// A wrong number collecting somebody else's debt, before 20 November:
	// weeks before any loan of the story. Three seeds in ten have one, so
	// that any run of ten seeds holds three.
	if strayDigits[(g.seed%10+10)%10] {
		d := g.between(15, 80)
		on(d, func() { g.strayDebt(d) })
	}
	// Library books, one of them returned late.
	for range g.between(1, 2) {
		due := g.between(14, g.ndays-3)
		v := g.v.with("book", pick(g.rnd, books), "date", monthDay(due))
		on(due-2, func() { g.recv(o, g.within(due-2, 9*60, 11*60), g.library, v.fill(libraryNotices[0])) })
		if g.chance(0.5) {
			late := g.between(1, 10)
			on(due+late, func() {
				g.recv(o, g.within(due+late, 9*60, 11*60), g.library, v.with("n", strconv.Itoa(late)).fill(libraryNotices[1]))
			})
		}
	}
	// The phone bill runs out now and then, on both phones.
	for i, ph := range []*phone{o, o, g.mother} {
		if i > 0 && g.chance(0.5) {
			continue
		}
		d := g.between(3, g.ndays-4)
		on(d, func() { g.carrierArrears(ph, d) })
	}
	// The electricity bill, unpaid once.
	if g.chance(0.7) {
		d := g.between(0, g.ndays-1)
		hh := "0" + g.digits(9)
		on(d, func() {
			at := g.within(d, 9*60, 18*60)
			v := vars{"hh": hh, "month": strconv.Itoa(int(civilMonth(d - 20))), "amt": money(float64(g.between(60, 380)) + float64(g.IntN(100))/100)}
			g.recv(o, at, g.power, v.fill(pick(g.rnd, powerNotice)))
		})
	}
}

// strayDigits are the last digits of the seeds whose case has a wrong
// number.
var strayDigits = [10]bool{3: true, 6: true, 9: true}

// strayDebt is a collector's text meant for somebody else, on day d; the
// owner sometimes answers that it is a wrong number.
func (g *gen) strayDebt(d int) {
	who := pick(g.rnd, strayWho)
	for strings.HasPrefix(who, g.v["sur"]) {
		who = pick(g.rnd, strayWho)
	}
	p := g.newMobile(catUnknown, pickIf(g.chance(0.5), virtualPrefixes, ordinaryPrefixes))
	v := vars{
		"who":    who,
		"lender": pick(g.rnd, strayLenders),
		"days":   strconv.Itoa(g.between(15, 90)),
		"amt":    strconv.Itoa(g.between(8, 60) * 100),
		"tail4":  g.digits(3) + pick(g.rnd, []string{"1", "3", "5", "X", "7"}),
	}
	at := g.contactTime(d, 0)
	g.recv(g.owner, at, p, v.fill(pick(g.rnd, strayTexts)))
	if g.chance(0.5) {
		g.send(g.owner, g.after(at, 60, 3*3600), p, v.fill(pick(g.rnd, strayReplies)))
	}
}

// carrierArrears is the carrier telling ph that its balance ran out on
// day d, and the top-up a day or two later.
func (g *gen) carrierArrears(ph *phone, d int) {
	at := g.within(d, 8*60, 20*60)
	i := g.IntN(len(carrierArrears))
	amt := float64(g.between(1, 30)) + float64(g.IntN(100))/100
	if i == 1 {
		amt = float64(g.between(0, 9)) + float64(g.IntN(100))/100
	}
	g.recv(ph, at, g.carrier, g.moment(at).with("amt", money(amt)).fill(carrierArrears[i]))
	if g.chance(0.8) {
		paid := g.within(d+g.between(0, 2), 9*60, 22*60)
		if paid < at {
			paid = g.after(at, 600, 7200)
		}
		top := float64(pick(g.rnd, []int{30, 50, 100}))
		g.recv(ph, paid, g.carrier, g.moment(paid).with("amt", money(top), "bal", money(top-pickIf(i == 0, amt, -amt))).fill(carrierPaid))
	}
}

// schedulePlot places the one-off events of the story.
func (g *gen) schedulePlot() {
	p1 := g.plats[0]
	o := g.owner
	on := func(d int, f func()) { g.on(g.plotted, d, f) }

	// After the due date: the owner calls the platform, then 12378.
	for _, d := range []int{p1.dueDay + 2, p1.onsetDay + g.between(6, 9)} {
		on(d, func() { g.talk(o, p1.hotline, g.within(d, 10*60, 17*60), true, 1, g.between(120, 600)) })
	}
	complain := g.leakDay + g.between(4, 10)
	on(complain, func() { g.talk(o, g.complaint, g.within(complain, 9*60, 17*60), true, 1, g.between(300, 900)) })

	// Collectors' pictures: a "催收函" to the owner, then the group MMS to
	// the contacts list.
	img := p1.onsetDay + g.between(4, 8)
	on(img, func() {
		c := g.regular(g.teams[0], img)
		v := g.platVars(p1, img)
		g.groupMMS(c.p, []*party{o.self}, g.contactTime(img, 0), v.fill(noticeImage), "催收函.png")
	})
	grp := g.leakDay + g.between(1, 3)
	on(grp, func() {
		c := g.regular(g.teams[0], grp)
		v := g.platVars(p1, grp)
		to := []*party{o.self, g.mother.self, g.sister, g.friends[0], g.colleagues[0], g.boss}
		g.groupMMS(c.p, to, g.contactTime(grp, 0), v.fill(noticeLetter), "告知函.png")
	})
	// The "law firm" calls from its fixed line within a week of the leak,
	// then now and then (teamDay).
	law := g.leakDay + g.between(2, 6)
	on(law, func() { g.lawFirmCall(law) })

	// Third parties tell the owner.
	relay := func(d int, p *party, lines, replies []string) {
		on(d, func() {
			at := g.daytime(d)
			for i, l := range lines {
				g.say(o, p, at, g.v.fill(l), false)
				at = g.after(at, 60, 3600)
				if len(replies) > 0 && i == 0 {
					g.say(o, p, at, g.v.fill(pick(g.rnd, replies)), true)
					at = g.after(at, 60, 600)
				}
			}
		})
	}
	relay(g.leakDay+g.between(0, 2), g.sister, sisterRelays[:1], ownerToRelay)
	relay(g.leakDay+g.between(4, 9), g.sister, sisterRelays[1:], nil)
	relay(g.leakDay+g.between(1, 4), g.friends[0], friendRelays[:1], ownerToRelay)
	relay(g.leakDay+g.between(2, 7), g.friends[1+g.IntN(3)], friendRelays[1:], pickIf(g.chance(0.5), ownerToRelay, nil))
	relay(g.leakDay+g.between(2, 7), g.colleagues[0], colleagueRelays[:1], ownerToRelay)
	relay(g.leakDay+g.between(3, 8), g.colleagues[1], colleagueRelays[1:], nil)
	bossDay := g.leakDay + g.between(3, 9)
	relay(bossDay, g.boss, bossRelays, ownerToBoss)
	on(bossDay+1, func() { g.talk(o, g.boss, g.within(bossDay+1, 9*60, 12*60), false, 1, g.between(120, 420)) })

	// The owner borrows from a friend or colleague to keep up, and pays it
	// back after payday.
	if g.chance(0.6) {
		lender := pick(g.rnd, append(slices.Clone(g.friends[1:]), g.colleagues[2:]...))
		d := p1.onsetDay + g.between(1, 8)
		big := strconv.Itoa(pick(g.rnd, []int{1000, 1500, 2000, 3000}))
		v := g.v.with("big", big)
		on(d, func() { g.converse(o, lender, g.daytime(d), pick(g.rnd, ownerBorrows), true, v) })
		back := d + 1
		for back < g.ndays && (back-d < 5 || dayOfMonth(back) != 10) {
			back++
		}
		back += g.between(0, 2)
		on(back, func() {
			g.converse(o, lender, g.within(back, 12*60, 22*60), []string{pick(g.rnd, ownerRepays), "收到"}, true, v)
		})
	}
}

// ownerDay is the owner's ordinary life on day d.
func (g *gen) ownerDay(d int) {
	o := g.owner
	s := g.scale
	wd := weekday(d)
	weekend := wd == time.Saturday || wd == time.Sunday
	_, _, dom := civilDay(d)

	// Family.
	for range g.poisson(0.3 * s) {
		g.personalCall(o, g.mother.self, g.within(d, 19*60, 21*60+30), g.chance(0.3), 60, 1500)
	}
	if weekend {
		for range g.poisson(0.3 * s) {
			g.personalCall(o, g.mother.self, g.within(d, 10*60, 21*60), true, 60, 1800)
		}
	}
	g.chats(o, g.mother.self, d, 0.07*s, motherChats)
	g.chats(o, g.father, d, 0.02*s, fatherChats)
	for range g.poisson(0.03 * s) {
		g.personalCall(o, g.father, g.within(d, 12*60, 21*60), g.chance(0.4), 30, 600)
	}
	g.chats(o, g.sister, d, 0.07*s, sisterChats)
	g.debtChats(o, g.sister, d, 0.012*s, sisterDebtChats, ownerSisterDebtChats)
	for range g.poisson(0.04 * s) {
		g.personalCall(o, g.sister, g.daytime(d), g.chance(0.5), 30, 900)
	}

	// Friends, colleagues, the boss.
	for _, f := range g.friends {
		g.chats(o, f, d, 0.06*s, friendChats)
		g.debtChats(o, f, d, 0.012*s, friendDebtChats, ownerFriendDebtChats)
		for range g.poisson(0.035 * s) {
			g.personalCall(o, f, g.daytime(d), g.chance(0.5), 20, 600)
		}
	}
	if !weekend {
		for _, c := range g.colleagues {
			g.chats(o, c, d, 0.05*s, colleagueChats)
			g.debtChats(o, c, d, 0.01*s, colleagueDebtChats, ownerColleagueDebtChats)
			for range g.poisson(0.03 * s) {
				at := g.within(d, 9*60, 19*60)
				if g.chance(0.08) {
					g.talk(o, c, at, false, 7, g.between(10, 120)) // answered on the watch
					continue
				}
				g.personalCall(o, c, at, g.chance(0.5), 15, 300)
			}
		}
		g.chats(o, g.boss, d, 0.04*s, bossChats)
		for range g.poisson(0.05 * s) {
			g.personalCall(o, g.boss, g.within(d, 9*60, 20*60), g.chance(0.3), 30, 400)
		}
	}

	// Money.
	for range g.poisson(1.1 * s) {
		amt := g.spend()
		if amt < g.bal {
			g.bal -= amt
			g.icbc(g.daytime(d), pick(g.rnd, icbcSpend), amt, vars{"shop": pick(g.rnd, shops)})
		}
	}
	if dom == 10 {
		g.bal += g.salary + float64(g.between(-300, 300))
		g.icbc(g.within(d, 9*60, 11*60), icbcSalary, g.salary, nil)
	}
	g.rentDay(d, dom)
	for range g.poisson(0.3 * s) {
		at := g.daytime(d)
		v := g.moment(at).with("cc", g.cc, "amt", money(g.spend()), "avail", money(float64(g.between(2000, 30000))))
		g.recv(o, at+g.delay(), g.bankCCB, v.fill(ccbSpend))
	}
	g.billsDay(d, dom)

	// Codes, parcels, rides and take-away.
	for range g.poisson(0.7 * s) {
		i := g.IntN(len(codeSenders))
		g.recv(o, g.daytime(d), g.coders[i], vars{"code": g.digits(6)}.fill(codeSenders[i].text))
	}
	if g.chance(g.railRate(d) * s) {
		g.recv(o, g.daytime(d), g.rail, vars{"code": g.digits(6)}.fill(railCode))
	}
	for range g.poisson(0.3 * s) {
		i := g.IntN(len(stationTexts))
		v := vars{"carrier": pick(g.rnd, couriers), "station": pick(g.rnd, stations), "pick": fmt.Sprintf("%d-%d-%d", g.between(1, 9), g.between(1, 6), g.between(1000, 9999))}
		g.recv(o, g.within(d, 8*60, 20*60), g.stationGWs[i], v.fill(stationTexts[i]))
		if g.chance(0.12) {
			// Not picked up: the station insists.
			late := g.between(2, 4)
			text := parcelOverdue[pickIf(i == 2, 2, g.IntN(2))]
			g.on(g.events, d+late, func() {
				g.recv(o, g.within(d+late, 8*60, 20*60), g.stationGWs[i], v.with("n", strconv.Itoa(late)).fill(text))
			})
		}
	}
	for range g.poisson(0.1 * s) {
		at := g.within(d, 9*60, 19*60)
		c := pick(g.rnd, g.couriers)
		if g.chance(0.7) {
			g.talk(o, c, at, false, 1, g.between(10, 60))
		} else {
			g.talk(o, c, at, false, 3, 0)
			g.callBack(c, at, 0.5)
		}
	}
	for range g.poisson(0.04 * s) {
		g.recv(o, g.within(d, 9*60, 19*60), pick(g.rnd, g.couriers), vars{"carrier": pick(g.rnd, couriers)}.fill(pick(g.rnd, courierTexts)))
	}
	for range g.poisson(0.5 * s) {
		// Drivers and riders call through privacy numbers that change.
		var p *party
		if len(g.privacy) > 0 && g.chance(0.25) {
			p = g.privacy[g.IntN(min(5, len(g.privacy)))]
		} else {
			p = g.newMobile(catUnknown, virtualPrefixes[:2])
			g.privacy = append([]*party{p}, g.privacy...)
		}
		at := pickIf(g.chance(0.5), g.within(d, 11*60+20, 12*60+40), g.within(d, 17*60+50, 20*60))
		if g.chance(0.85) {
			g.talk(o, p, at, false, 1, g.between(8, 50))
		} else {
			g.talk(o, p, at, false, 3, 0)
			g.callBack(p, at, 0.6)
		}
	}

	// Carrier, advertising, scams, strangers.
	if dom == 1 {
		at := g.within(d, 9*60, 11*60)
		v := g.moment(at).with("month", strconv.Itoa(int(civilMonth(d-1))), "amt", money(float64(g.between(58, 168))), "bal", money(float64(g.between(10, 200))))
		g.recv(o, at, g.carrier, v.fill(carrierBill))
	}
	for range g.poisson(0.03 * s) {
		at := g.daytime(d)
		g.recv(o, at, g.carrier, g.moment(at).with("left", strconv.Itoa(g.between(2, 8))).fill(carrierData))
	}
	for range g.poisson(0.9 * s) {
		i := g.IntN(len(marketing))
		g.recv(o, g.within(d, 9*60, 21*60), g.marketers[i], vars{"path": g.path()}.fill(marketing[i]))
	}
	for range g.poisson(0.04 * s) {
		g.loanAd(d)
	}
	for range g.poisson(0.04 * s) {
		v := vars{"city": g.work.name, "path": g.path(), "qq": strconv.Itoa(g.between(100000000, 999999999))}
		g.recv(o, g.daytime(d), g.newMobile(catFraud, ordinaryPrefixes), v.fill(pick(g.rnd, scams)))
	}
	for range g.poisson(0.02 * s) {
		g.talk(o, g.newMobile(catUnknown, ordinaryPrefixes), g.daytime(d), false, 1, g.between(5, 15))
	}
	for range g.poisson(0.01 * s) {
		g.talk(o, g.carrier, g.daytime(d), true, 1, g.between(60, 400))
	}
}

// loanAd is an advert for loans on day d: everybody gets some.
func (g *gen) loanAd(d int) {
	i := g.IntN(len(adLenders))
	v := vars{"lender": adLenders[i], "amt": strconv.Itoa(g.between(2, 20) * 10000), "url": "t.cn/" + g.path()}
	g.recv(g.owner, g.within(d, 9*60, 21*60), g.adGWs[i], v.fill(pick(g.rnd, loanAds)))
}

// debtChats holds the small debts between the owner and p on day d at
// the given rate: theirs start with p, mine with the owner.
func (g *gen) debtChats(ph *phone, p *party, d int, rate float64, theirs, mine [][]string) {
	for range g.poisson(rate) {
		amt, ppl := pick(g.rnd, smallSums), g.between(3, 6)
		v := g.v.with(
			"amt", strconv.Itoa(amt),
			"ppl", strconv.Itoa(ppl),
			"total", strconv.Itoa(amt*ppl),
			"big", strconv.Itoa(pick(g.rnd, []int{500, 800, 1000, 2000, 3000})),
		)
		own := g.chance(0.5)
		g.converse(ph, p, g.daytime(d), pick(g.rnd, pickIf(own, mine, theirs)), own, v)
	}
}

// rentDay pays the rent on the 5th, or once the salary allows, and has
// the landlord ask for it, thank, or remind.
func (g *gen) rentDay(d, dom int) {
	o := g.owner
	v := g.v.with("rent", strconv.Itoa(int(g.rent)))
	if dom == 3 && g.chance(0.5) {
		water := g.between(40, 160)
		v := v.with("amt", strconv.Itoa(water), "total", strconv.Itoa(int(g.rent)+water))
		g.converse(o, g.landlord, g.within(d, 9*60, 21*60), pick(g.rnd, landlordAsks), false, v)
	}
	if dom == 1 {
		g.rentPaid = false
	}
	if dom >= 5 && !g.rentPaid && g.bal > g.rent {
		g.rentPaid = true
		g.bal -= g.rent
		at := g.within(d, 19*60, 22*60)
		g.icbc(at, icbcTransOut, g.rent, nil)
		if g.chance(0.3) {
			g.say(o, g.landlord, g.after(at, 5*60, 2*3600), landlordThanks, false)
		}
	}
	if dom == 8 && !g.rentPaid {
		g.converse(o, g.landlord, g.within(d, 9*60, 21*60), pick(g.rnd, landlordLate), false, v)
	}
}

// billsDay sends the monthly bills that read like collection and are
// not: the credit card, 花呗.
func (g *gen) billsDay(d, dom int) {
	o := g.owner
	if dom == 20 {
		at := g.within(d, 9*60, 12*60)
		amt := float64(g.between(1500, 9000)) + float64(g.IntN(100))/100
		v := g.moment(at).with("cc", g.cc, "amt", money(amt), "min", money(amt/10), "date", monthDay(d+18))
		g.recv(o, at, g.bankCCB, v.fill(ccbBill))
		g.ccDue, g.ccOwed = d+18, amt
	}
	if d == g.ccDue-3 && g.chance(0.7) {
		at := g.within(d, 9*60, 12*60)
		v := g.moment(at).with("cc", g.cc, "amt", money(g.ccOwed), "date", monthDay(g.ccDue))
		g.recv(o, at, g.bankCCB, v.fill(ccbRemind))
	}
	if d == g.ccDue-1 && g.chance(0.85) {
		at := g.within(d, 12*60, 23*60)
		g.recv(o, at, g.bankCCB, g.moment(at).with("cc", g.cc, "amt", money(g.ccOwed)).fill(ccbPaid))
	}
	alipay := g.coders[slices.IndexFunc(codeSenders, func(c codeSender) bool { return c.brand == "支付宝" })]
	if dom == 1 && g.chance(0.8) {
		g.hbOwed = float64(g.between(200, 2500)) + float64(g.IntN(100))/100
		v := vars{"month": strconv.Itoa(int(civilMonth(d - 1))), "amt": money(g.hbOwed), "date": monthDay(d + 8)}
		g.recv(o, g.within(d, 9*60, 12*60), alipay, v.fill(huabeiBill))
	}
	if dom == 9 && g.hbOwed > 0 {
		g.recv(o, g.within(d, 6*60, 9*60), alipay, vars{"amt": money(g.hbOwed)}.fill(huabeiPaid))
		g.hbOwed = 0
	}
}

// motherDay is the mother's ordinary life on day d; her calls with the
// owner are made in ownerDay.
func (g *gen) motherDay(d int) {
	m := g.mother
	s := g.scale
	_, _, dom := civilDay(d)
	for range g.poisson(0.35 * s) {
		g.personalCall(m, g.father, g.within(d, 7*60, 21*60), g.chance(0.5), 20, 400)
	}
	g.chats(m, g.father, d, 0.04*s, husbandChats)
	for range g.poisson(0.2 * s) {
		g.personalCall(m, g.sister, g.within(d, 8*60, 21*60), g.chance(0.4), 60, 1500)
	}
	g.chats(m, g.sister, d, 0.04*s, daughterChats)
	for _, k := range g.kin {
		for range g.poisson(0.08 * s) {
			g.personalCall(m, k, g.within(d, 7*60, 20*60), g.chance(0.5), 30, 900)
		}
	}
	if dom == 15 {
		at := g.within(d, 8*60, 11*60)
		v := g.moment(at).with("tail", g.mTail, "amt", money(float64(g.between(1500, 2600))), "bal", money(float64(g.between(3000, 20000))))
		g.recv(m, at, g.bankABC, v.fill(abcPension))
	}
	if dom == 2 {
		at := g.within(d, 9*60, 11*60)
		v := g.moment(at).with("month", strconv.Itoa(int(civilMonth(d-2))), "amt", money(float64(g.between(18, 58))), "bal", money(float64(g.between(5, 60))))
		g.recv(m, at, g.carrier, v.fill(carrierBill))
	}
	for range g.poisson(0.1 * s) {
		at := g.daytime(d)
		v := g.moment(at).with("tail", g.mTail, "amt", money(g.spend()), "bal", money(float64(g.between(3000, 20000))))
		g.recv(m, at+g.delay(), g.bankABC, v.fill(abcSpend))
	}
	for range g.poisson(0.25 * s) {
		i := g.IntN(len(marketing))
		g.recv(m, g.within(d, 9*60, 20*60), g.marketers[i], vars{"path": g.path()}.fill(marketing[i]))
	}
}

// platformDay sends a platform's own notices: the loan, reminders,
// overdue notices, and later its post-loan gateway's threats.
func (g *gen) platformDay(p *platform, d int) {
	o := g.owner
	v := g.platVars(p, d).with("principal", money(p.principal), "total", money(p.total), "due", longDate(p.dueDay), "tail", g.tail)
	switch {
	case d == p.loanDay:
		at := g.within(d, 20*60, 23*60)
		for _, tpl := range []string{platformRegister, platformApproved, platformLent} {
			g.recv(o, at, p.gateway, v.with("code", g.digits(6)).fill(tpl))
			at = g.after(at, 2*60, 15*60)
		}
		g.bal += p.received
		at = g.after(at, 20, 120)
		g.icbc(at, icbcTransIn, p.received, vars{"from": p.lender})
		// The money goes out at once, to what it was borrowed for.
		g.bal -= p.received
		g.icbc(g.after(at, 5*60, 90*60), icbcTransOut, p.received, nil)
	case d == p.dueDay-3 || d == p.dueDay-1 || d == p.dueDay:
		i := map[int]int{3: 0, 1: 1, 0: 2}[p.dueDay-d]
		g.recv(o, g.within(d, 9*60, 10*60), p.gateway, v.fill(platformReminders[i]))
	case d == p.dueDay+1 || d == p.dueDay+3 || d == p.dueDay+7:
		g.recv(o, g.within(d, 9*60, 10*60), p.gateway, v.fill(pick(g.rnd, platformOverdue)))
	case d >= p.onsetDay+2 && (d-p.onsetDay)%4 == 2:
		g.recv(o, g.within(d, 9*60, 19*60), p.postLoan, v.fill(pick(g.rnd, collectionGateway)))
	}
}

// storyLife is what the story changes in ordinary life on day d: the
// mother calls more once collectors have reached her, and loan ads come
// thicker while the owner looks for a loan and after.
func (g *gen) storyLife(d int) {
	if d >= g.leakDay {
		for range g.poisson(0.15 * g.scale) {
			g.personalCall(g.owner, g.mother.self, g.within(d, 19*60, 21*60+30), g.chance(0.3), 60, 1500)
		}
	}
	p1 := g.plats[0]
	ads := 0.0
	switch {
	case d >= p1.loanDay-50 && d < p1.loanDay:
		ads = 0.21
	case d >= p1.onsetDay:
		ads = 0.04
	}
	for range g.poisson(ads * g.scale) {
		g.loanAd(d)
	}
}

// callBack: the owner, expecting a parcel, a ride or a meal, returns a
// missed call now and then; nobody returns a rotating collector's call.
func (g *gen) callBack(p *party, missed int64, chance float64) {
	if g.chance(chance) {
		g.talk(g.owner, p, g.after(missed, 40, 240), true, 1, g.between(10, 40))
	}
}

// campaignDay is the collectors' work on day d.
func (g *gen) campaignDay(d int) {
	for _, t := range g.teams {
		if d >= t.plat.onsetDay {
			g.teamDay(t, d)
		}
	}
	if d >= g.leakDay {
		g.motherCollected(d)
	}
	if d >= g.plats[0].onsetDay {
		for range g.poisson(0.3) {
			i := g.IntN(len(reliefOrgs))
			g.recv(g.owner, g.within(d, 9*60, 21*60), g.reliefGWs[i], vars{"org": reliefOrgs[i]}.fill(pick(g.rnd, reliefAds)))
		}
		if g.chance(0.05) {
			g.recv(g.owner, g.daytime(d), pick(g.rnd, g.reliefMob), vars{"wx": "zw" + g.digits(6)}.fill(pick(g.rnd, reliefMobile)))
		}
	}
}

func (g *gen) teamDay(t *team, d int) {
	dd := d - t.plat.onsetDay
	g.refresh(t, d)
	mean := math.Min(float64(5+3*dd), float64(t.peak))
	if wd := weekday(d); wd == time.Saturday || wd == time.Sunday {
		mean *= 0.7
	}
	if g.lulls[d] {
		mean *= 0.2
	}
	mean *= 0.8 + 0.4*g.Float64()
	n := int(math.Round(mean))
	if dd == 0 {
		n = max(n, 3)
	}
	for k := g.dial(t, d, dd); k < n; {
		if len(t.active) == 0 {
			g.refresh(t, d)
		}
		c := pick(g.rnd, t.active)
		if t.saved != nil && t.saved.until >= d && g.chance(0.25) {
			c = t.saved
		}
		at := g.contactTime(d, t.night)
		if dd == 0 && k == 0 {
			at = g.within(d, 9*60, 11*60) // the first contact is a morning call
		}
		switch {
		case c.left > 0:
			made := g.collectorCalls(c, d, dd, at, min(n-k, c.left))
			k += made
			if c.left -= made; c.left <= 0 {
				g.drop(t, c, d)
			}
		case g.chance(0.6) || (dd == 0 && k == 0):
			k += g.collectorCalls(c, d, dd, at, n-k)
		default:
			k += g.collectorTexts(t, c, d, dd, at, n-k)
		}
	}
	if d >= g.leakDay && t == g.teams[0] && g.chance(0.15) {
		g.lawFirmCall(d)
	}
}

// lawFirmCall is a call from the "law firm" on its fixed line in office
// hours: mostly missed, now and then a short talk.
func (g *gen) lawFirmCall(d int) {
	typ, dur := 3, 0
	if g.chance(0.3) {
		typ, dur = 1, g.between(20, 180)
	}
	g.talk(g.owner, g.fixedCollector, g.within(d, 9*60, 18*60), false, typ, dur)
}

// drop retires c from the team on day d.
func (g *gen) drop(t *team, c *collector, d int) {
	c.until = d - 1
	t.active = slices.DeleteFunc(t.active, func(x *collector) bool { return x == c })
}

// regular picks one of the team's numbers that may text, bringing in a
// new one when all of them only call.
func (g *gen) regular(t *team, d int) *collector {
	var ok []*collector
	for _, c := range t.active {
		if c.left == 0 {
			ok = append(ok, c)
		}
	}
	if len(ok) == 0 {
		c := &collector{p: g.newMobile(catCollection, virtualPrefixes), until: d + g.between(0, 3)}
		t.active = append(t.active, c)
		return c
	}
	return pick(g.rnd, ok)
}

// dial places the calls of the team's diallers on day d and returns how
// many it placed. From the third day a new dialler starts now and then.
// Diallers pause on quiet days.
func (g *gen) dial(t *team, d, dd int) int {
	if g.lulls[d] {
		for _, dl := range t.dials {
			dl.first++
		}
		return 0
	}
	days := g.between(1, 3)
	if dd >= 2 && d+days <= g.ndays && g.chance(pickIf(t == g.teams[0], 0.25, 0.1)) {
		plan := make([]int, days)
		for i := range plan {
			plan[i] = 1
		}
		for range g.between(3, 15) - days {
			plan[g.IntN(days)]++
		}
		p := g.newMobile(catCollection, pickIf(g.chance(0.7), virtualPrefixes, ordinaryPrefixes))
		t.dials = append(t.dials, &dialler{p: p, first: d, plan: plan})
	}
	n := 0
	keep := t.dials[:0]
	for _, dl := range t.dials {
		i := d - dl.first
		if i >= len(dl.plan) {
			continue
		}
		keep = append(keep, dl)
		n += g.dialCalls(t, dl.p, d, dl.plan[i])
	}
	t.dials = keep
	return n
}

// dialCalls places n calls of a dialler on day d, in runs a minute or
// two apart, each missed, rejected, blocked or cut off at once.
func (g *gen) dialCalls(t *team, p *party, d, n int) int {
	for i := 0; i < n; {
		at := g.contactTime(d, t.night)
		for range min(g.between(1, 3), n-i) {
			typ, dur := 3, 0
			switch r := g.Float64(); {
			case d >= g.blockDay && r < 0.3:
				typ = 6
			case r < 0.15:
				typ = 5
			case r < 0.25:
				typ, dur = 1, g.between(1, 4)
			}
			g.talk(g.owner, p, at, false, typ, dur)
			at = g.after(at, 30, 180)
			i++
		}
	}
	return n
}

// refresh retires numbers past their days and brings in new ones.
func (g *gen) refresh(t *team, d int) {
	keep := t.active[:0]
	for _, c := range t.active {
		if c.until >= d {
			keep = append(keep, c)
		}
	}
	t.active = keep
	want := g.between(2, 5)
	for len(t.active) < want {
		var p *party
		if g.chance(0.65) {
			p = g.newMobile(catCollection, virtualPrefixes)
		} else {
			p = g.newMobile(catCollection, ordinaryPrefixes)
		}
		life := g.between(0, 3)
		if g.chance(0.15) {
			life = g.between(4, 8)
		}
		c := &collector{p: p, until: d + life}
		if t != g.mTeam && g.chance(0.15) {
			// A number that makes a call or two and is gone.
			c.left, c.until = g.between(1, 2), d+g.between(0, 1)
		}
		t.active = append(t.active, c)
	}
}

// collectorCalls places a call to the owner, sometimes followed by
// redials, and returns how many calls it made, at most limit.
func (g *gen) collectorCalls(c *collector, d, dd int, at int64, limit int) int {
	n := 1
	if g.chance(0.2) {
		n = min(n+g.between(1, 4), max(limit, 1))
	}
	for i := range n {
		typ, dur := 3, 0 // missed, most often a ring of a second or two
		answer, reject, block := 0.06, 0.3, 0.0
		if dd < 3 {
			answer, reject = 0.3, 0.12
		}
		if d >= g.blockDay {
			block = 0.25
		}
		switch r := g.Float64(); {
		case r < block:
			typ = 6
		case r < block+answer:
			typ, dur = 1, g.between(15, 240)
		case r < block+answer+0.08:
			typ, dur = 1, g.between(1, 3) // picked up and hung up
		case r < block+answer+0.08+reject:
			typ = 5
		case r < block+answer+0.1+reject:
			typ, dur = 4, g.between(5, 40)
		}
		if dd == 0 && i == 0 {
			typ, dur = 1, g.between(30, 120)
		}
		g.talk(g.owner, c.p, at, false, typ, dur)
		at = g.after(at, dur+40, dur+360)
	}
	return n
}

// collectorTexts sends an SMS to the owner, sometimes a burst of them, and
// returns how many it sent, at most limit.
func (g *gen) collectorTexts(t *team, c *collector, d, dd int, at int64, limit int) int {
	n := 1
	if g.chance(0.08) {
		n = min(g.between(5, 12), max(limit, 1)) // 一分钟十几条
	}
	kind := g.stage(dd, d >= g.leakDay)
	for range n {
		m := g.recv(g.owner, at, c.p, g.collectionText(t, d, kind))
		if dd >= 5 && g.chance(0.35) {
			m.read = false
		}
		g.today = append(g.today, m)
		at = g.after(at, 3, 20)
	}
	return n
}

// stage picks what kind of collection text fits the campaign's day.
func (g *gen) stage(dd int, leaked bool) string {
	switch {
	case dd < 3:
		return g.weighted([]string{"remind", "threat"}, []float64{0.8, 0.2})
	case !leaked:
		return g.weighted([]string{"remind", "threat", "exposeThreat", "insult"}, []float64{0.3, 0.35, 0.25, 0.1})
	default:
		return g.weighted([]string{"exposed", "threat", "insult", "imperson", "visit", "exposeThreat", "remind"}, []float64{0.25, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05})
	}
}

var stageTexts = map[string][]string{
	"remind":       collectRemind,
	"threat":       collectThreat,
	"exposeThreat": collectExposeThreat,
	"exposed":      collectExposed,
	"insult":       collectInsult,
	"imperson":     collectImperson,
	"visit":        collectVisit,
	"mother":       collectMother,
}

// collectionText is the team's template of the day for kind, filled and
// varied, so that several numbers send near-identical texts.
func (g *gen) collectionText(t *team, d int, kind string) string {
	if t.tplDay != d || t.tpl == nil {
		t.tplDay, t.tpl = d, map[string]int{}
	}
	tpls := stageTexts[kind]
	i, ok := t.tpl[kind]
	if !ok {
		i = g.IntN(len(tpls))
		t.tpl[kind] = i
	}
	v := g.platVars(t.plat, d)
	return vary(g.rnd, v.fill(tpls[i]), v)
}

// motherCollected is the collectors' work on the mother's phone.
func (g *gen) motherCollected(d int) {
	dl := d - g.leakDay
	m := g.mother
	t := g.teams[0]
	g.refresh(g.mTeam, d)
	pickNum := func() *party {
		if g.chance(0.7) {
			return g.regular(t, d).p
		}
		return pick(g.rnd, g.mTeam.active).p
	}
	from := 8 * 60
	if dl == 0 {
		// The first call reaches her; she tells her child.
		at := g.within(d, 10*60, 15*60)
		dur := g.between(60, 240)
		g.talk(m, g.regular(t, d).p, at, false, 1, dur)
		relay := g.after(at, dur+300, dur+1800)
		g.say(m, g.owner.self, relay, motherRelays[0], true)
		g.talk(m, g.owner.self, g.after(relay, 120, 600), true, 1, g.between(300, 1200))
		from = int(time.UnixMilli(at).In(g.loc).Sub(dayTime(d, g.loc)).Minutes()) + 60
	} else if !g.chance(0.75) {
		return
	}
	n := g.between(1, 4)
	switch {
	case dl == 0:
		n = g.between(3, 6)
	case dl < 7:
		n = g.between(2, 6)
	}
	if g.lulls[d] {
		n /= 3
	}
	for range n {
		at := g.within(d, from, 22*60)
		if g.chance(t.night) {
			at = g.contactTime(d, 1)
		}
		p := pickNum()
		if g.chance(0.72) {
			typ, dur := 3, 0
			switch r := g.Float64(); {
			case dl < 3 && r < 0.5, dl >= 3 && r < 0.1:
				typ, dur = 1, g.between(20, 200)
			case r < 0.7:
				typ = 5
			}
			g.talk(m, p, at, false, typ, dur)
		} else {
			g.recv(m, at, p, g.collectionText(g.mTeam, d, "mother"))
		}
	}
	// The mother writes to her child now and then.
	if dl > 0 && g.chance(0.15) {
		at := g.within(d, 7*60, 22*60)
		g.say(m, g.owner.self, at, g.v.fill(pick(g.rnd, motherRelays[1:])), true)
		if g.chance(0.6) {
			g.say(g.owner, m.self, g.after(at, 60, 3600), pick(g.rnd, ownerToMother), true)
		}
	}
}

// ownerReacts: now and then the owner answers a collector.
func (g *gen) ownerReacts(d int) {
	if len(g.today) == 0 || !g.chance(0.3) {
		return
	}
	m := pick(g.rnd, g.today)
	at := g.after(m.at, 120, 2400)
	g.owner.msgs = append(g.owner.msgs, &message{at: at, box: 2, addr: m.addr, body: pick(g.rnd, ownerToCollector), read: true, contact: m.contact, cat: m.cat, peer: m.peer})
	if g.chance(0.15) {
		g.talk(g.owner, m.peer, g.after(at, 60, 600), true, 1, g.between(30, 300))
	}
}

// finish sorts the records and works out the truth from them.
func (g *gen) finish() *Case {
	c := &Case{loc: g.loc, phones: []*phone{g.owner, g.mother}}
	for i, ph := range c.phones {
		slices.SortStableFunc(ph.msgs, func(a, b *message) int { return cmpInt(a.at, b.at) })
		slices.SortStableFunc(ph.calls, func(a, b *call) int { return cmpInt(a.at, b.at) })
		ph.backupAt = dayTime(g.ndays, g.loc).Add(time.Duration(9*60+30*i+g.IntN(30)) * time.Minute).Add(time.Duration(g.IntN(60000)) * time.Millisecond).UnixMilli()
		ph.backupSet = g.uuid()
	}
	first := func(ph *phone) int {
		best := -1
		for _, m := range ph.msgs {
			if m.cat == catCollection {
				best = g.dayOf(m.at)
				break
			}
		}
		for _, cl := range ph.calls {
			if cl.cat == catCollection {
				if d := g.dayOf(cl.at); best < 0 || d < best {
					best = d
				}
				break
			}
		}
		return best
	}
	c.Truth = Truth{Owner: g.v["name"], Platforms: []string{}, Numbers: g.nums}
	if g.quiet {
		return c
	}
	for _, p := range g.plats {
		c.Truth.Platforms = append(c.Truth.Platforms, p.name)
	}
	c.Truth.LoanDate = civilDate(g.plats[0].loanDay)
	c.Truth.DueDate = civilDate(g.plats[0].dueDay)
	c.Truth.OnsetDate = civilDate(first(g.owner))
	c.Truth.LeakDate = civilDate(first(g.mother))
	return c
}

// Write writes the case's exports into dir, with mode 0600, and returns
// them sorted by path. It also writes dir/truth.json.
func (c *Case) Write(dir string) ([]File, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("make case directory: %w", err)
	}
	owner, mother := c.phones[0], c.phones[1]
	outs := []struct {
		name  string
		phone *phone
		kind  string
		write func(io.Writer) error
	}{
		{"mother-calls.xml", mother, "sbr-calls", func(w io.Writer) error { return writeCalls(w, mother, c.loc) }},
		{"mother-messages.xml", mother, "sbr-messages", func(w io.Writer) error { return writeMessages(w, mother, c.loc) }},
		{"owner-calls.xml", owner, "sbr-calls", func(w io.Writer) error { return writeCalls(w, owner, c.loc) }},
		{"owner-contacts.vcf", owner, "vcard", func(w io.Writer) error { return writeVCard(w, owner.cards) }},
		{"owner-messages.xml", owner, "sbr-messages", func(w io.Writer) error { return writeMessages(w, owner, c.loc) }},
	}
	var files []File
	for _, o := range outs {
		path := filepath.Join(dir, o.name)
		if err := writeFile(path, o.write); err != nil {
			return nil, err
		}
		files = append(files, File{Path: path, Phone: o.phone.id, Kind: o.kind})
	}
	truth, err := json.MarshalIndent(c.Truth, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode truth: %w", err)
	}
	truth = append(truth, '\n')
	if err := writeFile(filepath.Join(dir, "truth.json"), func(w io.Writer) error {
		_, err := w.Write(truth)
		return err
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("chmod %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	return nil
}

// Records.

// recv records an SMS from p received on ph.
func (g *gen) recv(ph *phone, at int64, p *party, body string) *message {
	m := &message{
		at:      at,
		sent:    (at - g.delay()) / 1000 * 1000,
		box:     1,
		addr:    g.rawSMS(p),
		body:    body,
		read:    true,
		contact: ph.nameOf(p),
		cat:     p.cat,
		peer:    p,
	}
	ph.msgs = append(ph.msgs, m)
	return m
}

// send records an SMS from ph to p.
func (g *gen) send(ph *phone, at int64, p *party, body string) *message {
	m := &message{at: at, box: 2, addr: g.rawOut(ph, p, true), body: body, read: true, contact: ph.nameOf(p), cat: p.cat}
	ph.msgs = append(ph.msgs, m)
	return m
}

// say records a text between ph and p (sent by ph when out), and its
// mirror on p's phone when that phone is in the case.
func (g *gen) say(ph *phone, p *party, at int64, body string, out bool) {
	if out {
		g.send(ph, at, p, body)
		if p.phone != nil {
			g.recv(p.phone, at+g.delay(), ph.self, body)
		}
		return
	}
	g.recv(ph, at, p, body)
	if p.phone != nil {
		g.send(p.phone, at-g.delay(), ph.self, body)
	}
}

// talk records a call between ph and p. out means ph dialled; typ and dur
// are what the called side logs (1 answered, 3 missed, 4 voicemail, 5
// rejected, 6 blocked, 7 answered elsewhere). The caller logs type 2.
func (g *gen) talk(ph *phone, p *party, at int64, out bool, typ, dur int) {
	if typ != 1 && typ != 4 && typ != 7 {
		dur = 0
	}
	outDur := 0
	if typ == 1 || typ == 7 {
		outDur = dur
	}
	ring := int64(g.between(0, 1500))
	if out {
		ph.calls = append(ph.calls, &call{at: at, number: g.rawOut(ph, p, false), dur: outDur, typ: 2, pres: 1, contact: ph.nameOf(p), cat: p.cat})
		if p.phone != nil {
			p.phone.calls = append(p.phone.calls, &call{at: at + ring, number: g.rawCall(ph.self), dur: dur, typ: typ, pres: 1, contact: p.phone.nameOf(ph.self), cat: ph.self.cat})
		}
		return
	}
	pres := p.pres
	if pres == 0 {
		pres = 1
	}
	ph.calls = append(ph.calls, &call{at: at, number: g.rawCall(p), dur: dur, typ: typ, pres: pres, contact: ph.nameOf(p), cat: p.cat})
	if p.phone != nil {
		p.phone.calls = append(p.phone.calls, &call{at: at - ring, number: g.rawOut(p.phone, ph.self, false), dur: outDur, typ: 2, pres: 1, contact: p.phone.nameOf(ph.self), cat: ph.self.cat})
	}
}

// personalCall is a call between people who know each other: mostly
// answered, sometimes missed and called back.
func (g *gen) personalCall(ph *phone, p *party, at int64, out bool, minDur, maxDur int) {
	switch r := g.Float64(); {
	case r < 0.8:
		g.talk(ph, p, at, out, 1, g.between(minDur, maxDur))
	case r < 0.93:
		g.talk(ph, p, at, out, 3, 0)
		g.talk(ph, p, g.after(at, 3*60, 40*60), !out, 1, g.between(minDur, maxDur))
	case r < 0.97:
		g.talk(ph, p, at, out, 5, 0)
	default:
		g.talk(ph, p, at, out, pickIf(out, 3, 4), g.between(5, 30))
	}
}

// chats holds conversations with p on day d at the given rate. Lines
// alternate, p speaking first.
func (g *gen) chats(ph *phone, p *party, d int, rate float64, convs [][]string) {
	for range g.poisson(rate) {
		g.converse(ph, p, g.daytime(d), pick(g.rnd, convs), false, g.v)
	}
}

// converse records a conversation between ph and p from at, its lines
// filled from v. Lines alternate, ph's owner speaking first when mine.
func (g *gen) converse(ph *phone, p *party, at int64, lines []string, mine bool, v vars) {
	for i, line := range lines {
		g.say(ph, p, at, v.fill(line), (i%2 == 1) != mine)
		at = g.after(at, 20, 600)
	}
}

// groupMMS records an MMS from sender to the recipients on every phone of
// the case that takes part.
func (g *gen) groupMMS(sender *party, to []*party, at int64, text, imageName string) {
	image := tinyPNG(g.rnd, g.between(24, 48), g.between(24, 48))
	raws := map[*party]string{sender: g.rawSMS(sender)}
	for _, p := range to {
		raws[p] = g.rawSMS(p)
	}
	var toRaw []string
	for _, p := range to {
		toRaw = append(toRaw, raws[p])
	}
	all := append([]*party{sender}, to...)
	for _, p := range all {
		ph := p.phone
		if ph == nil {
			continue
		}
		var others []string
		var names []string
		for _, q := range all {
			if q == p {
				continue
			}
			others = append(others, raws[q])
			if n, ok := ph.names[q.num]; ok {
				names = append(names, n)
			} else {
				names = append(names, raws[q])
			}
		}
		m := &message{
			at:      at,
			addr:    strings.Join(others, "~"),
			body:    text,
			read:    true,
			contact: strings.Join(names, ", "),
			cat:     sender.cat,
			mms:     &mmsInfo{from: raws[sender], to: toRaw, image: image, imageName: imageName},
		}
		if p == sender {
			m.box = 2
		} else {
			m.box = 1
			m.at = at + g.delay()
			m.sent = at / 1000 * 1000
		}
		ph.msgs = append(ph.msgs, m)
	}
}

// icbc records a notice from the owner's bank.
func (g *gen) icbc(at int64, tpl string, amt float64, extra vars) {
	v := g.moment(at).with("tail", g.tail, "amt", money(amt), "bal", money(g.bal))
	for k, x := range extra {
		v[k] = x
	}
	g.recv(g.owner, at+g.delay(), g.bankICBC, v.fill(tpl))
}

func (g *gen) spend() float64 {
	var yuan int
	switch r := g.Float64(); {
	case r < 0.6:
		yuan = g.between(8, 80)
	case r < 0.9:
		yuan = g.between(80, 400)
	default:
		yuan = g.between(400, 1500)
	}
	return float64(yuan) + float64(g.IntN(100))/100
}

func (g *gen) railRate(d int) float64 {
	y, m, dd := civilDay(d)
	if (m == time.September && dd >= 20) || (y == 2026 && m == time.January && dd >= 10) || (y == 2026 && m == time.February && dd <= 12) {
		return 0.12
	}
	return 0.02
}

// platVars are the placeholders of platform p's texts on day d.
func (g *gen) platVars(p *platform, d int) vars {
	return g.v.with(
		"platform", p.name,
		"owed", strconv.Itoa(int(math.Round(p.owed(d)))),
		"days", strconv.Itoa(max(d-p.dueDay, 1)),
		"n", strconv.Itoa(g.between(30, 180)),
	)
}

// vary changes a collection text the way collectors do between numbers:
// spaces inside words that spam filters look for, other punctuation, a
// head or tail.
func vary(r rnd, s string, v vars) string {
	if r.chance(0.35) {
		for _, w := range dodgeWords {
			if strings.Contains(s, w) && r.chance(0.6) {
				sep := " "
				if r.chance(0.15) {
					sep = "　"
				}
				s = strings.Replace(s, w, strings.Join(strings.Split(w, ""), sep), 1)
			}
		}
	}
	if r.chance(0.3) {
		s = strings.ReplaceAll(s, "，", ",")
	}
	if r.chance(0.2) && strings.HasSuffix(s, "。") {
		s = strings.TrimSuffix(s, "。") + "！"
	}
	if r.chance(0.15) {
		s = pick(r, variantHeads) + s
	}
	if r.chance(0.2) {
		s += v.fill(pick(r, variantTails))
	}
	return s
}

// Numbers.

func (g *gen) newPhone(id string, where place) *phone {
	ph := &phone{
		id:     id,
		names:  map[string]string{},
		stored: map[string]string{},
		smsc:   smsc(where.area),
		simID:  "8986" + g.digits(16),
	}
	ph.self = g.newMobile(catContact, ordinaryPrefixes)
	ph.self.phone = ph
	return ph
}

func smsc(area string) string {
	a := strings.TrimPrefix(area, "0")
	if len(a) == 2 {
		a += "0"
	}
	return "+8613800" + a + "500"
}

func (g *gen) newMobile(cat string, prefixes []string) *party {
	for {
		n := pick(g.rnd, prefixes) + g.digits(8)
		if !g.used[n] {
			g.used[n] = true
			return &party{num: n, cat: cat, mobile: true, pres: 1, intlSMS: g.chance(0.8), intlCall: g.chance(0.2)}
		}
	}
}

func (g *gen) newGateway(cat string) *party {
	for {
		pre := pick(g.rnd, gatewayPrefixes)
		n := pre + g.digits(g.between(12, 14)-len(pre))
		if !g.used[n] {
			g.used[n] = true
			return &party{num: n, cat: cat, pres: 1}
		}
	}
}

// newFixed is a fixed line in area with n local digits.
func (g *gen) newFixed(area string, n int, cat string) *party {
	for {
		num := area + strconv.Itoa(g.between(2, 8)) + g.digits(n-1)
		if !g.used[num] {
			g.used[num] = true
			return &party{num: num, cat: cat, pres: 1}
		}
	}
}

func (g *gen) short(num, cat string) *party {
	g.used[num] = true
	return &party{num: num, cat: cat, pres: 1}
}

// addContact saves p in ph's address book under name.
func (g *gen) addContact(ph *phone, p *party, name, org, label string) {
	raw := p.num
	switch r := g.Float64(); {
	case r < 0.4:
	case r < 0.7:
		raw = spaced(p.num)
	case r < 0.85:
		raw = "+86 " + spaced(p.num)
	case r < 0.95:
		raw = "+86" + p.num
	default:
		raw = p.num[:3] + "-" + p.num[3:7] + "-" + p.num[7:]
	}
	ph.names[p.num] = name
	ph.stored[p.num] = raw
	ph.cards = append(ph.cards, card{name: name, org: org, tels: []tel{{label, g.note(raw, p.cat)}}})
}

func (ph *phone) nameOf(p *party) string {
	if n, ok := ph.names[p.num]; ok {
		return n
	}
	return "(Unknown)"
}

// note records raw as a number written in the exports.
func (g *gen) note(raw, cat string) string {
	if _, ok := g.nums[raw]; !ok {
		g.nums[raw] = cat
	}
	return raw
}

// rawSMS is how an incoming SMS or an MMS shows p's number: mostly the
// same way for one number, with +86 for most (intlSMS).
func (g *gen) rawSMS(p *party) string {
	if !p.mobile {
		return g.note(p.num, p.cat)
	}
	if p.intlSMS != g.chance(0.05) {
		return g.note("+86"+p.num, p.cat)
	}
	return g.note(p.num, p.cat)
}

// rawCall is how an incoming call shows p's number: mostly the same way
// for one number, without +86 for most (intlCall), now and then with
// spaces.
func (g *gen) rawCall(p *party) string {
	if !p.mobile {
		return g.note(p.num, p.cat)
	}
	switch {
	case g.chance(0.03):
		return g.note(spaced(p.num), p.cat)
	case p.intlCall != g.chance(0.05):
		return g.note("+86"+p.num, p.cat)
	}
	return g.note(p.num, p.cat)
}

// rawOut is how ph shows p's number on a text or call it made: often as
// its address book writes it.
func (g *gen) rawOut(ph *phone, p *party, sms bool) string {
	if s, ok := ph.stored[p.num]; ok && g.chance(0.7) {
		if !sms {
			s = strings.NewReplacer(" ", "", "-", "").Replace(s)
		}
		return g.note(s, p.cat)
	}
	if sms {
		return g.rawSMS(p)
	}
	if p.mobile && g.chance(0.1) {
		return g.note("+86"+p.num, p.cat)
	}
	return g.note(p.num, p.cat)
}

// dashed writes a fixed-line number with a dash after its area code.
func dashed(num, area string) string { return area + "-" + strings.TrimPrefix(num, area) }

func spaced(n string) string {
	if len(n) != 11 {
		return n
	}
	return n[:3] + " " + n[3:7] + " " + n[7:]
}

// Time. Days count from caseStart in the case's zone.

// civil is a calendar date, held at noon UTC.
func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func daysBetween(a, b time.Time) int { return int(math.Round(b.Sub(a).Hours() / 24)) }

func civilDay(d int) (int, time.Month, int) { return caseStart.AddDate(0, 0, d).Date() }

func civilMonth(d int) time.Month { _, m, _ := civilDay(d); return m }

func dayOfMonth(d int) int { _, _, dd := civilDay(d); return dd }

func civilDate(d int) string { return caseStart.AddDate(0, 0, d).Format("2006-01-02") }

func weekday(d int) time.Weekday { return caseStart.AddDate(0, 0, d).Weekday() }

func monthDay(d int) string { _, m, dd := civilDay(d); return fmt.Sprintf("%02d月%02d日", m, dd) }

func longDate(d int) string {
	y, m, dd := civilDay(d)
	return fmt.Sprintf("%d年%02d月%02d日", y, m, dd)
}

// dayTime is midnight starting day d in loc.
func dayTime(d int, loc *time.Location) time.Time {
	y, m, dd := civilDay(d)
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

func (g *gen) dayOf(ms int64) int {
	y, m, d := time.UnixMilli(ms).In(g.loc).Date()
	return daysBetween(caseStart, civil(y, m, d))
}

// within is a random moment of day d between minutes from and to.
func (g *gen) within(d, from, to int) int64 {
	y, m, dd := civilDay(d)
	if to <= from {
		to = from + 1
	}
	minute := from + g.IntN(to-from)
	return time.Date(y, m, dd, 0, minute, g.IntN(60), g.IntN(1000)*1e6, g.loc).UnixMilli()
}

// daytime is when ordinary traffic happens.
func (g *gen) daytime(d int) int64 {
	switch r := g.Float64(); {
	case r < 0.1:
		return g.within(d, 7*60+30, 9*60)
	case r < 0.7:
		return g.within(d, 9*60, 18*60)
	default:
		return g.within(d, 18*60, 23*60)
	}
}

// contactTime is when collectors call: office hours, or at night with
// probability night.
func (g *gen) contactTime(d int, night float64) int64 {
	if g.chance(night) {
		switch r := g.Float64(); {
		case r < 0.6:
			return g.within(d, 22*60, 24*60)
		case r < 0.85:
			return g.within(d, 6*60+30, 8*60)
		default:
			return g.within(d, 0, 6*60)
		}
	}
	for {
		m := g.between(8*60, 22*60-1)
		if m >= 12*60 && m < 13*60+30 && g.chance(0.5) {
			continue
		}
		return g.within(d, m, m+1)
	}
}

// moment gives the {md} and {hm} placeholders of bank texts.
func (g *gen) moment(at int64) vars {
	t := time.UnixMilli(at).In(g.loc)
	return vars{"md": fmt.Sprintf("%d月%d日", t.Month(), t.Day()), "hm": t.Format("15:04")}
}

// stamp names a picture taken on day d.
func (g *gen) stamp(d int) string {
	y, m, dd := civilDay(d)
	return fmt.Sprintf("%04d%02d%02d_%02d%02d%02d", y, m, dd, g.between(8, 22), g.IntN(60), g.IntN(60))
}

// after is a moment lo to hi seconds after at.
func (g *gen) after(at int64, lo, hi int) int64 {
	return at + int64(g.between(lo, hi))*1000 + int64(g.IntN(1000))
}

// delay is how long a message takes to arrive, in ms.
func (g *gen) delay() int64 { return int64(g.between(1, 8))*1000 + int64(g.IntN(1000)) }

func (g *gen) path() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, g.between(5, 7))
	for i := range b {
		b[i] = alphabet[g.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) uuid() string {
	h := g.hex(32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + "89ab"[g.IntN(4):][:1] + h[17:20] + "-" + h[20:]
}

func (g *gen) givenName(male bool) string {
	pool := femaleGiven
	if male {
		pool = maleGiven
	}
	if g.chance(0.4) {
		return pick(g.rnd, pool)
	}
	return pick(g.rnd, pool) + pick(g.rnd, pool)
}

func money(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + "." + frac
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func pickIf[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

// Randomness.

type rnd struct{ *rand.Rand }

func newRnd(seed int64) rnd { return rnd{rand.New(rand.NewPCG(uint64(seed), pcgStream))} }

func (r rnd) chance(p float64) bool { return r.Float64() < p }

// between is a uniform integer in [lo, hi].
func (r rnd) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

func (r rnd) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func (r rnd) hex(n int) string {
	const hexdigits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hexdigits[r.IntN(16)]
	}
	return string(b)
}

func (r rnd) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	limit, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= limit {
			return k
		}
		k++
	}
}

func (r rnd) weighted(names []string, weights []float64) string {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return names[i]
		}
		x -= w
	}
	return names[len(names)-1]
}

func pick[T any](r rnd, xs []T) T { return xs[r.IntN(len(xs))] }

// vars fills {placeholders}.
type vars map[string]string

func (v vars) fill(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		if val, ok := v[s[i+1:i+j]]; ok {
			b.WriteString(val)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// with returns a copy of v with the given key, value pairs set.
func (v vars) with(kv ...string) vars {
	out := make(vars, len(v)+len(kv)/2)
	for k, x := range v {
		out[k] = x
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// tinyPNG is a small valid RGB picture of colour bands with noise, stored
// without compression so that its bytes depend on the seed alone.
func tinyPNG(r rnd, w, h int) []byte {
	raw := make([]byte, 0, h*(1+3*w))
	base := [3]int{r.IntN(256), r.IntN(256), r.IntN(256)}
	for y := range h {
		raw = append(raw, 0)
		for range w {
			for c := range 3 {
				v := base[c] + y*4 + r.IntN(24)
				raw = append(raw, byte(v))
			}
		}
	}
	var z bytes.Buffer
	z.Write([]byte{0x78, 0x01, 1})
	z.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(raw))))
	z.Write(binary.LittleEndian.AppendUint16(nil, ^uint16(len(raw))))
	z.Write(raw)
	z.Write(binary.BigEndian.AppendUint32(nil, adler32.Checksum(raw)))

	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		out.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		out.WriteString(typ)
		out.Write(data)
		out.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	chunk("IHDR", ihdr)
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}
