package report

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail/classify"
)

// WriteComplaint writes a complaint draft (投诉书) in Markdown: what
// 《银行业保险业消费投诉处理管理办法》Art. 13 asks a complaint to state
// (the complainant, left as placeholders to fill in; the institution; the
// request; the facts and their basis), the facts written from the case,
// the list of evidence with its hashes, a list of the harassing numbers
// for 12321, and which channel fits which complaint. Chinese when d.Lang
// is "zh", English otherwise. Message text is quoted so that it cannot
// change the document's structure, whatever it holds.
func WriteComplaint(ctx context.Context, w io.Writer, d *Data) error {
	facts, err := complaintFacts(ctx, d)
	if err != nil {
		return fmt.Errorf("complaint: %w", err)
	}
	bw := bufio.NewWriter(w)
	p := &draft{w: bw, d: d, zh: d.Lang == "zh", f: facts}
	p.header()
	p.complainant()
	p.respondent()
	p.request()
	p.facts()
	p.evidence()
	p.numbers()
	p.channels()
	if p.err != nil {
		return fmt.Errorf("complaint: %w", p.err)
	}
	return bw.Flush()
}

// Quotes are cut at these many characters: an example in the facts, a
// sample message in the table of numbers.
const (
	maxQuote  = 200
	maxSample = 60
	// perGroup is how many messages of each kind the facts quote.
	perGroup = 3
)

// exampleGroup is one kind of message the facts quote examples of.
type exampleGroup struct {
	key    string // label, or "third_party", "relay"
	rule   string // the rule of classify's violations it illustrates
	zh, en string
	events []Event
}

// drafted is what the draft needs from the timeline, read in one pass.
type drafted struct {
	groups  []*exampleGroup
	samples map[string]Event // the first message of each collector number
	carrier bool             // some event is witnessed by a carrier bill
}

// complaintFacts reads the timeline once, in time order, and keeps the
// first messages of each kind: the examples are the earliest, so the same
// case always quotes the same messages.
func complaintFacts(ctx context.Context, d *Data) (*drafted, error) {
	f := &drafted{samples: map[string]Event{}}
	// In order of preference: a message that is both a threat and an
	// impersonation is quoted as the rarer impersonation.
	f.groups = []*exampleGroup{
		{key: "third_party", rule: "third_party_contact", zh: "亲友手机收到的催收信息", en: "Collection messages received on relatives' phones"},
		{key: "impersonation", rule: "impersonation", zh: "冒充公检法、律师等", en: "Posing as police, court or lawyer"},
		{key: "insult", rule: "insult", zh: "侮辱、谩骂", en: "Insults"},
		{key: "threat", rule: "threat", zh: "威胁、恐吓", en: "Threats and intimidation"},
		{key: "contacts_exposure", zh: "威胁联系或声称已联系亲友、单位", en: "Threats to contact, or claims of having contacted, family, friends or employer"},
		{key: "relay", zh: "亲友转告被催收方联系", en: "Relatives and friends telling of collectors' calls and messages"},
	}
	owner := d.Analysis.Owner
	var quoted [][]rune
	err := d.Events(ctx, func(e Event) error {
		if slices.Contains(e.Witnesses, "carrier") {
			f.carrier = true
		}
		if e.Kind == "call" || e.Direction != "in" || strings.TrimSpace(e.Body) == "" {
			return nil
		}
		if e.Why == "collector" {
			if _, ok := f.samples[e.Number]; !ok {
				f.samples[e.Number] = e
			}
		}
		key := sameText(e.Body)
		if quotedAlready(quoted, key) {
			return nil
		}
		for _, g := range f.groups {
			if len(g.events) >= perGroup {
				continue
			}
			var fits bool
			switch g.key {
			case "third_party":
				fits = e.Why == "collector" && e.Phone != owner
			case "relay":
				fits = e.Why == "relay"
			default:
				fits = e.Why == "collector" && slices.Contains(e.Labels, g.key)
			}
			if fits {
				g.events = append(g.events, e)
				quoted = append(quoted, key)
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// quotedAlready says whether a message is one already quoted: the same
// text but for a few characters added or changed at one place ("通知："
// before it, a signature or "收到请回复" after it).
func quotedAlready(quoted [][]rune, key []rune) bool {
	for _, q := range quoted {
		if nearCopy(q, key) {
			return true
		}
	}
	return false
}

// nearCopy says whether two texts differ in at most a quarter of the
// shorter's length, once their common beginning and end are set aside.
func nearCopy(a, b []rune) bool {
	short := min(len(a), len(b))
	pre := 0
	for pre < short && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < short-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	diff := max(len(a), len(b)) - pre - suf
	return diff == 0 || short >= 8 && diff*4 <= short
}

// sameText reduces a message to its letters and digits, so that copies
// differing only in punctuation, spaces or emoji are quoted once.
func sameText(s string) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s))
}

// draft writes the complaint, keeping the first write error.
type draft struct {
	w   *bufio.Writer
	d   *Data
	zh  bool
	f   *drafted
	err error
}

// t picks the text of the draft's language.
func (p *draft) t(zh, en string) string {
	if p.zh {
		return zh
	}
	return en
}

func (p *draft) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *draft) println(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s + "\n")
	}
}

// fill is a placeholder the complainant must replace.
func (p *draft) fill(what string) string {
	return p.t("【请填写："+what+"】", "[TO FILL IN: "+what+"]")
}

// list joins items the way the language does.
func (p *draft) list(items []string) string {
	return strings.Join(items, p.t("、", ", "))
}

// at shows a time of the case: RFC 3339 in, "2006-01-02 15:04:05" out.
func (p *draft) at(rfc3339 string) string {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return mdText(rfc3339)
	}
	return t.In(p.d.Loc).Format(time.DateTime)
}

// number shows a number from the analysis, masked when the draft is the
// shareable one and the number a third party's.
func (p *draft) number(n string) string {
	if x, ok := p.d.Number(n); ok && p.d.Mask && thirdParty(x.Category) {
		n = MaskNumber(n)
	}
	return mdText(n)
}

func (p *draft) kind(k string) string {
	switch k {
	case "call":
		return p.t("来电", "call")
	case "sms":
		return p.t("短信", "SMS")
	case "mms":
		return p.t("彩信", "MMS")
	}
	return mdText(k)
}

// eventPlace says where in the exports an event is: "owner-messages.xml line 12".
func eventPlace(source, locator string) string {
	return mdText(strings.TrimSpace(source + " " + locator))
}

func (p *draft) header() {
	p.println(p.t("# 投诉书（草稿）", "# Complaint (draft)"))
	p.println("")
	p.println(p.t(
		"> 本草稿由 leaktrail 根据手机导出的通话和短信记录整理，按照《银行业保险业消费投诉处理管理办法》第十三条列出投诉人、被投诉机构、投诉请求、主要事实和依据。提交前请逐项核对事实，并补全所有【请填写：……】处。文中“可能违反”是对照有关规定的提示，是否构成违规由受理机构认定。",
		"> This draft was prepared by leaktrail from the call and message records exported from the phones. Following Art. 13 of the Measures for Handling Banking and Insurance Consumer Complaints (《银行业保险业消费投诉处理管理办法》), it states the complainant, the institution complained against, the request, and the main facts and their basis. Check every fact and fill in every [TO FILL IN: ...] before you submit it. \"Possible violation\" points to a rule the facts may breach; whether they do is for the authority handling the complaint to decide."))
	if p.d.Mask {
		p.println(">")
		p.println(p.t(
			"> **这是脱敏的可分享版本**：亲友等第三方的号码和姓名已部分隐藏（如 138\\*\\*\\*\\*8000、张\\*）。向受理机构提交时，请使用未脱敏的版本。",
			"> **This is the masked, shareable version**: the numbers and names of third parties (family, friends) are partly hidden (138\\*\\*\\*\\*8000, Z\\*). Submit the unmasked version to the authority."))
	}
	p.println("")
	p.printf("%s%s\n\n", p.t("致：", "To: "), p.fill(p.t("受理机构（见第七部分“向哪里投诉”）", "the authority (see part 7, Where to complain)")))
}

func (p *draft) complainant() {
	p.println(p.t("## 一、投诉人", "## 1. Complainant"))
	p.println("")
	for _, f := range [][2]string{
		{"姓名", "Name"}, {"身份证号码", "ID card number"}, {"联系电话", "Phone number"}, {"联系地址", "Address"},
	} {
		p.printf("- %s%s%s\n", p.t(f[0], f[1]), p.t("：", ": "), p.fill(p.t(f[0], f[1])))
	}
	p.println("")
}

func (p *draft) respondent() {
	a := p.d.Analysis
	p.println(p.t("## 二、被投诉机构", "## 2. Institution complained against"))
	p.println("")
	if len(a.Platforms) == 0 {
		p.printf("- %s%s\n", p.t("借款平台（App）：", "Lending platform (app): "), p.fill(p.t("平台（App）名称", "the platform's (app's) name")))
		p.printf("- %s%s\n", p.t("放贷机构：", "Lender: "), p.fill(p.t("借款合同上的放贷机构全称", "the lender's full legal name, from the loan contract")))
	} else {
		names := make([]string, len(a.Platforms))
		for i, n := range a.Platforms {
			names[i] = mdText(n)
		}
		p.printf("- %s%s%s\n", p.t("借款平台（App）：", "Lending platform (app): "), p.list(names),
			p.t("（根据催收短信的签名和借款通知识别，未经核实，请与借款合同核对）",
				" (named in the collectors' messages and the loan notices; not verified: check against the loan contract)"))
		for _, n := range names {
			p.printf("- %s%s\n", p.t("放贷机构：", "Lender: "),
				p.fill(p.t("借款合同上“"+n+"”的放贷机构全称", "the full legal name of the lender behind "+n+", from the loan contract")))
		}
	}
	p.println(p.t("- 以及代其实施催收的催收机构和人员（所用号码见第六部分）。",
		"- and the collection agencies and agents acting for it (their numbers are in part 6)."))
	p.println("")
}

func (p *draft) request() {
	p.println(p.t("## 三、投诉请求", "## 3. Request"))
	p.println("")
	if p.zh {
		p.println("1. 立即停止对本人及本人亲友、同事的骚扰性催收；")
		p.println("2. 删除并停止使用其获取的本人通讯录及其他个人信息，不再向任何第三方提供或披露；")
		p.println("3. 对上述违规催收行为进行调查，并依法依规处理；")
		p.println("4. 依照《银行业保险业消费投诉处理管理办法》第十八条，在 15 日内书面答复处理结果。")
	} else {
		p.println("1. Stop the harassment of me and of my family, friends and colleagues at once.")
		p.println("2. Delete my contacts list and any other personal data of mine obtained, stop using them, and disclose them to no third party.")
		p.println("3. Investigate the collection practices described below and deal with them according to law and regulation.")
		p.println("4. Answer me in writing within 15 days, as Art. 18 of the Measures requires.")
	}
	p.println("")
}

func (p *draft) facts() {
	p.println(p.t("## 四、事实与理由", "## 4. Facts and grounds"))
	p.println("")
	p.loan()
	p.campaign()
	p.examples()
	p.violations()
	p.unverified()
}

func (p *draft) loan() {
	p.println(p.t("### （一）借款", "### 4.1 The loan"))
	p.println("")
	l := p.d.Analysis.Leak
	if l == nil || len(l.Events) == 0 {
		p.printf("%s%s\n\n", p.t("导入的记录中没有找到借款通知。", "The records imported hold no loan notice. "),
			p.fill(p.t("借款日期、平台和金额", "the date, platform and amount of the loan")))
		return
	}
	e := l.Events[0]
	if p.zh {
		p.printf("%s，本人手机收到“%s”的借款通知（号码 %s，%s）；导入的记录中共有 %d 条该平台的借款、到期或逾期通知。借款时该应用取得了本人的通讯录：这是推断，未经核实。\n\n",
			p.at(e.Time), mdText(l.Platform), p.number(e.Number), eventPlace(e.Source, e.Locator), len(l.Events))
	} else {
		p.printf("On %s my phone received a loan notice of %s (from %s; %s); the records imported hold %d loan, due-date or overdue notices of this platform. The app took my contacts list when the loan was made: this is an inference, not verified.\n\n",
			p.at(e.Time), mdText(l.Platform), p.number(e.Number), eventPlace(e.Source, e.Locator), len(l.Events))
	}
}

// enPlural counts English things: 1 day, 2 days; "call and message" gives
// "calls and messages".
func enPlural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	words := strings.Split(thing, " and ")
	for i, w := range words {
		words[i] = w + "s"
	}
	return fmt.Sprintf("%d %s", n, strings.Join(words, " and "))
}

// violation returns classify's finding of a rule, nil when there is none.
func (p *draft) violation(rule string) *classify.Violation {
	for i := range p.d.Analysis.Violations {
		if v := &p.d.Analysis.Violations[i]; v.Rule == rule {
			return v
		}
	}
	return nil
}

// violationDays counts the distinct days of a violation's findings.
func violationDays(v *classify.Violation) int {
	seen := map[string]bool{}
	for _, f := range v.Findings {
		seen[f.Day] = true
	}
	return len(seen)
}

func (p *draft) campaign() {
	d, a := p.d, p.d.Analysis
	p.println(p.t("### （二）催收经过", "### 4.2 The collection"))
	p.println("")
	if o := a.Onset; o != nil {
		e := o.FirstEvent
		p.printf(p.t("- 开始：自 %s 起，本人手机收到的催收来电和短信明显增多，平均每天由 %.1f 次升至 %.1f 次（由统计推断）；当天第一次是 %[4]s 来自 %[5]s 的%[7]s（%[6]s）。\n",
			"- Onset: from %s, the collection calls and messages to my phone rose from %.1f to %.1f a day on average (a statistical estimate); the first that day was the %[7]s from %[5]s at %[4]s (%[6]s).\n"),
			o.Date, o.RateBefore, o.RateAfter, p.at(e.Time), p.number(e.Number), eventPlace(e.Source, e.Locator), p.kind(e.Kind))
	}
	var calls, msgs, active int
	var first, last, peak Day
	for _, day := range d.Days {
		n := day.Calls + day.Messages + day.ThirdParty
		if n == 0 {
			continue
		}
		if first.Date == "" {
			first = day
		}
		last = day
		active++
		calls += day.Calls
		msgs += day.Messages
		if day.Calls+day.Messages > peak.Calls+peak.Messages {
			peak = day
		}
	}
	if len(d.Collectors) == 0 || first.Date == "" {
		p.println(p.t("- 导入的记录中没有识别出催收号码。", "- The records imported show no collector number."))
		p.println("")
		return
	}
	span := 1
	if t0, err := time.Parse(time.DateOnly, first.Date); err == nil {
		if t1, err := time.Parse(time.DateOnly, last.Date); err == nil {
			span = int(t1.Sub(t0).Hours()/24) + 1
		}
	}
	var toOwner int
	for _, c := range d.Collectors {
		if slices.Contains(c.Phones, a.Owner) {
			toOwner++
		}
	}
	tp := d.ThirdParty
	phones := make([]string, len(tp.Phones))
	for i, ph := range tp.Phones {
		phones[i] = mdText(ph)
	}
	night, connected, attempts := p.violation("night_contact"), p.violation("daily_connected_calls"), p.violation("daily_attempts")
	if p.zh {
		p.printf("- 期间：%s 至 %s，共 %d 天，其中 %d 天有催收联系。\n", first.Date, last.Date, span, active)
		p.printf("- 数量：本人手机收到催收来电 %d 次、短信和彩信 %d 条，来自 %d 个号码（全部催收号码共 %d 个，号码经常更换）；最多的一天是 %s，共 %d 次。\n",
			calls, msgs, toOwner, len(d.Collectors), peak.Date, peak.Calls+peak.Messages)
		if night != nil {
			p.printf("- 夜间：22:00 至次日 08:00 之间联系 %d 次，涉及 %d 天。\n", night.Count, violationDays(night))
		}
		if connected != nil {
			p.printf("- 频率：有 %d 天接通的催收电话超过 3 次（这些天共接通 %d 次）。\n", violationDays(connected), connected.Count)
		}
		if attempts != nil {
			p.printf("- 同一号码一天内呼叫超过 6 次：%d 次（按号码和日期计），共 %d 次呼叫。\n", len(attempts.Findings), attempts.Count)
		}
		if tp.Events > 0 || tp.Relays > 0 {
			p.printf("- 第三方：催收方联系了本人的亲友。在 %d 部其他手机（%s）上记录到 %d 个催收号码的 %d 次来电和短信；另有 %d 条亲友转告被催收方联系的短信。\n",
				len(tp.Phones), p.list(phones), tp.Numbers, tp.Events, tp.Relays)
		}
	} else {
		p.printf("- Period: %s to %s, %s, with collection contacts on %d of them.\n", first.Date, last.Date, enPlural(span, "day"), active)
		p.printf("- Volume: my phone received %s and %s from %s (%s in all, changed often); the worst day was %s, with %d.\n",
			enPlural(calls, "collection call"), enPlural(msgs, "collection message"), enPlural(toOwner, "number"),
			enPlural(len(d.Collectors), "collector number"), peak.Date, peak.Calls+peak.Messages)
		if night != nil {
			p.printf("- At night: %s between 22:00 and 08:00, on %s.\n", enPlural(night.Count, "contact"), enPlural(violationDays(night), "day"))
		}
		if connected != nil {
			p.printf("- Frequency: on %s more than 3 collection calls were connected (%s on those days).\n",
				enPlural(violationDays(connected), "day"), enPlural(connected.Count, "connected call"))
		}
		if attempts != nil {
			p.printf("- One number calling more than 6 times in a day: %s (counted by number and day), %s in all.\n",
				enPlural(len(attempts.Findings), "time"), enPlural(attempts.Count, "call"))
		}
		if tp.Events > 0 || tp.Relays > 0 {
			p.printf("- Third parties: the collectors contacted my family and friends. %s (%s) recorded %s from %s; %s from family and friends tell of collectors contacting them.\n",
				enPlural(len(tp.Phones), "other phone"), p.list(phones), enPlural(tp.Events, "call and message"),
				enPlural(tp.Numbers, "collector number"), enPlural(tp.Relays, "message"))
		}
	}
	p.println("")
}

func (p *draft) examples() {
	var n int
	for _, g := range p.f.groups {
		n += len(g.events)
	}
	if n == 0 {
		return
	}
	p.println(p.t("### （三）短信内容举例", "### 4.3 What the messages say"))
	p.println("")
	p.printf(p.t("以下每类引用最早的 %d 条（重复内容只引一次），时间为 %s 当地时间。引文中的换行显示为 ⏎，不可见字符、控制字符和文字方向控制字符已删除，过长的引文已截断；原文见时间线报告和原始导出文件中注明的位置。\n\n",
		"Below are the earliest %d messages of each kind (repeated texts quoted once), at local time (%s). Line breaks in the quotes show as ⏎; invisible, control and text-direction characters are removed and long quotes cut short. The original text is in the timeline and at the place given in the exported file.\n\n"),
		perGroup, mdText(p.d.Analysis.Timezone))
	for _, g := range p.f.groups {
		if len(g.events) == 0 {
			continue
		}
		p.printf("**%s**\n\n", p.t(g.zh, g.en))
		for _, e := range g.events {
			p.println(p.quoteLine(e))
		}
		p.println("")
	}
}

// quoteLine is one quoted message: time, number, whose phone, where in
// the exports, and its text.
func (p *draft) quoteLine(e Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- %s %s %s", e.Time.Format(time.DateTime), mdText(e.Number), p.kind(e.Kind))
	// A relay's sender is best known by the owner's name for them (妈妈);
	// a collector's contact name says nothing of it (and an MMS's names
	// every member of its group).
	if e.Why == "relay" && e.ContactName != "" {
		fmt.Fprintf(&b, p.t("（%s）", " (%s)"), mdText(e.ContactName))
	}
	if e.Phone != p.d.Analysis.Owner {
		fmt.Fprintf(&b, p.t("，在 %s 的手机上", ", on %s's phone"), mdText(e.Phone))
	}
	fmt.Fprintf(&b, p.t("（%s）：", " (%s): "), eventPlace(e.Source, e.Locator))
	q := quoteMessage(e.Body, maxQuote)
	b.WriteString(p.t("「", "“") + q.text + p.t("」", "”"))
	if q.removed > 0 {
		fmt.Fprintf(&b, p.t("（删除了 %d 个不可见字符）", " (%d invisible characters removed)"), q.removed)
	}
	return b.String()
}

func (p *draft) violations() {
	vs := p.d.Analysis.Violations
	privacy := p.d.ThirdParty.Events > 0 || p.violation("third_party_contact") != nil
	if len(vs) == 0 && !privacy {
		return
	}
	p.println(p.t("### （四）可能违反的规定", "### 4.4 Possible violations"))
	p.println("")
	p.println(p.t("上述行为可能违反下列规定（是否构成违规，由受理机构认定）：",
		"The conduct above may breach the following rules (whether it does is for the authority to decide):"))
	p.println("")
	for i, v := range vs {
		if p.zh {
			p.printf("%d. **%s**：相关记录 %d 条，涉及 %d 天（%s 至 %s）。可能违反：%s。\n",
				i+1, mdText(v.Title), v.Count, violationDays(&v), p.at(v.First), p.at(v.Last), mdText(v.Source))
		} else {
			p.printf("%d. **%s**: %s on %s (%s to %s). Possible violation of: %s.\n",
				i+1, mdText(v.Title), enPlural(v.Count, "event"), enPlural(violationDays(&v), "day"), p.at(v.First), p.at(v.Last), mdText(v.Source))
		}
	}
	if privacy {
		p.printf(p.t("%d. **使用本人通讯录联系第三方**：催收方取得并使用了本人通讯录中亲友的号码（见上文第三方记录），本人未单独同意向其提供。可能违反：《个人信息保护法》第十三、十四、二十三条；《民法典》第一千零三十二、一千零三十三条。\n",
			"%d. **Use of my contacts list to reach third parties**: the collectors obtained and used my family's and friends' numbers from my contacts list (see the third-party records above); I gave no separate consent to share them. Possible violation of: Personal Information Protection Law Art. 13, 14, 23; Civil Code Art. 1032, 1033.\n"),
			len(vs)+1)
	}
	p.println("")
}

func (p *draft) unverified() {
	p.println(p.t("### （五）未经核实的事项", "### 4.5 What is not verified"))
	p.println("")
	if p.zh {
		p.println("- 哪些号码是催收号码，是根据来电、短信的内容和规律判断的；号码的实际使用人未经核实。")
		p.println("- 平台名称取自短信内容；放贷机构的名称和性质以借款合同为准。")
		p.println("- 借款日期（通讯录可能被取得的时间）和催收开始日期是根据记录推断的。")
		p.println("- 来电只记录了时间和时长，没有通话内容。")
	} else {
		p.println("- Which numbers are collectors' was judged from the content and pattern of their calls and messages; who actually uses each number is not verified.")
		p.println("- The platform names come from the messages; the lender's name and kind are as the loan contract gives them.")
		p.println("- The loan date (when the contacts list was probably taken) and the onset were inferred from the records.")
		p.println("- Calls are recorded with their time and duration only, not what was said.")
	}
	if !p.f.carrier {
		p.println(p.t("- 记录全部来自手机导出文件，没有运营商的通话详单。建议向运营商申请通话详单和短信详单，作为第三方的记录补充提交。",
			"- All records come from the phones' exports; there is no carrier detail bill. Ask the carrier for the call and SMS detail bills (通话详单, 短信详单) and add them: they are a neutral third party's record."))
	}
	p.println("")
}

func (p *draft) evidence() {
	p.println(p.t("## 五、证据清单", "## 5. Evidence"))
	p.println("")
	p.println(p.t("1. 原始导出文件。SHA-256 是文件的数字指纹，文件改动一个字节都会不同，可用于核验文件未被改动：",
		"1. The original export files. The SHA-256 is the file's fingerprint: changing one byte of the file changes it, so it shows the file is unchanged:"))
	p.println("")
	p.println(p.t("   | # | 文件 | 手机 | 格式 | 大小（字节） | 记录 | SHA-256 |", "   | # | File | Phone | Format | Size (bytes) | Records | SHA-256 |"))
	p.println("   |---|---|---|---|---:|---:|---|")
	for i, s := range p.d.Sources {
		p.printf("   | %d | %s | %s | %s | %d | %d | `%s` |\n", i+1, mdText(s.Name), mdText(s.Phone), mdText(s.Format), s.Size, s.Read, mdText(s.SHA256))
	}
	if len(p.d.Sources) == 0 {
		p.println(p.t("   | – | 无 | | | | | |", "   | – | none | | | | | |"))
	}
	p.println("")
	p.println(p.t("2. 报告文件：时间线报告、表格、本投诉书等，在同一报告目录中；每个文件的 SHA-256 见 manifest.json。用 `leaktrail verify 报告目录 --sources 导出文件目录` 可以核验报告文件和原始导出文件是否被改动。",
		"2. The report files: the timeline report, the workbook, this complaint and the others, in the same report directory; the SHA-256 of each is in manifest.json. `leaktrail verify REPORT_DIR --sources EXPORTS_DIR` checks that neither the report files nor the original exports were changed."))
	p.printf(p.t("3. 其他材料（借款合同、截图、通话录音等）：%s\n", "3. Other material (loan contract, screenshots, call recordings): %s\n"),
		p.fill(p.t("其他证据", "other evidence")))
	p.println("")
}

func (p *draft) numbers() {
	p.println(p.t("## 六、骚扰号码清单（用于 12321 举报）", "## 6. Harassing numbers (for a report to 12321)"))
	p.println("")
	cs := slices.Clone(p.d.Collectors)
	if len(cs) == 0 {
		p.println(p.t("导入的记录中没有识别出催收号码。", "The records imported show no collector number."))
		p.println("")
		return
	}
	slices.SortFunc(cs, func(x, y classify.Number) int {
		return cmp.Or(strings.Compare(x.FirstSeen, y.FirstSeen), strings.Compare(x.Number, y.Number))
	})
	p.printf(p.t("共 %d 个号码，按首次联系时间排列。时间为 %s 当地时间；“通话”“短信”是该号码在所有导入手机上的记录数；示例短信是该号码最早的一条短信，原文见时间线。\n\n",
		"%d numbers, by first contact. Times are local (%s); calls and messages count the number's records on every phone imported; the sample is the number's earliest message, in full in the timeline.\n\n"),
		len(cs), mdText(p.d.Analysis.Timezone))
	p.println(p.t("| # | 号码 | 首次联系 | 最后联系 | 通话 | 短信 | 手机 | 示例短信 |", "| # | Number | First contact | Last contact | Calls | Messages | Phones | Sample message |"))
	p.println("|---|---|---|---|---:|---:|---|---|")
	for i, c := range cs {
		sample := p.t("（无短信）", "(no message)")
		if e, ok := p.f.samples[c.Number]; ok {
			sample = quoteMessage(e.Body, maxSample).text
		}
		phones := make([]string, len(c.Phones))
		for j, ph := range c.Phones {
			phones[j] = mdText(ph)
		}
		p.printf("| %d | %s | %s | %s | %d | %d | %s | %s |\n", i+1, mdText(c.Number), p.at(c.FirstSeen), p.at(c.LastSeen),
			c.Calls, c.Messages, p.list(phones), sample)
	}
	p.println("")
}

func (p *draft) channels() {
	p.println(p.t("## 七、向哪里投诉", "## 7. Where to complain"))
	p.println("")
	if p.zh {
		p.println("- **12378**（国家金融监督管理总局消费者投诉热线）：放贷方是银行、消费金融公司等持牌金融机构时，投诉该机构及其委托的催收机构（机构对其委托的催收行为负责）。12378 不处理电话、短信骚扰等电信问题。")
		p.println("- **地方金融管理局**：放贷方是小额贷款公司（包括网络小额贷款公司）时，向其所在地的地方金融管理局投诉。")
		p.println("- **110 报警**：放贷方没有放贷资质，或者有威胁、恐吓、暴力、上门滋扰等行为时。")
		p.println("- **12321**（网络不良与垃圾信息举报受理中心）：举报骚扰电话和垃圾短信，可附上第六部分的号码清单。")
		p.println("- **运营商，然后 12300**：与运营商的服务纠纷（例如申请通话详单受阻），先找运营商，未解决再向 12300 申诉。")
		p.println("")
		p.println("放贷机构属于哪一类，以借款合同上的机构名称为准。")
	} else {
		p.println("- **12378** (consumer hotline of the National Financial Regulatory Administration, 国家金融监督管理总局): when the lender is a licensed institution such as a bank or a consumer-finance company; complain about it and the collection agencies it employs (it answers for their conduct). 12378 does not handle harassing calls or messages as telecom matters.")
		p.println("- **The local financial regulatory bureau (地方金融管理局)**: when the lender is a small-loan company, including online small-loan companies.")
		p.println("- **Police, 110**: when the lender has no licence to lend, or for threats, intimidation, violence or visits to your home or workplace.")
		p.println("- **12321** (the reporting centre for harmful and spam information, 网络不良与垃圾信息举报受理中心): harassing calls and spam messages; attach the list of numbers in part 6.")
		p.println("- **The carrier, then 12300**: disputes with the carrier (for instance over getting the detail bills) go to the carrier first, then to 12300.")
		p.println("")
		p.println("Which kind of lender it is follows from the name on the loan contract.")
	}
}

// quoted is message text made safe to quote inline in Markdown.
type quoted struct {
	text    string
	removed int // invisible, control and direction characters removed
}

// quoteMessage makes untrusted text one inline run of Markdown that shows the
// text and nothing else: line breaks become ⏎, control, format (bidi,
// zero-width) and invalid characters are removed, links are defanged so
// that no renderer makes them clickable, and every character Markdown or
// HTML would read as markup is escaped. At most max characters are kept.
func quoteMessage(s string, max int) quoted {
	var q quoted
	var plain []rune
	brk := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			brk = true // a run of line breaks is one
			continue
		case r == '\t':
			r = ' '
		case unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r):
			q.removed++
			continue
		}
		if brk && len(plain) > 0 {
			plain = append(plain, []rune(" ⏎ ")...)
		}
		brk = false
		plain = append(plain, r)
	}
	text := strings.TrimSpace(string(plain))
	if utf8.RuneCountInString(text) > max {
		text = string([]rune(text)[:max]) + "…"
	}
	q.text = mdText(defang(text))
	return q
}

// defang breaks what a renderer would turn into a link: http://x.cn
// becomes http[:]//x.cn and www.x.cn www[.]x.cn.
func defang(s string) string {
	s = strings.ReplaceAll(s, "://", "[:]//")
	var b strings.Builder
	for {
		i := strings.Index(strings.ToLower(s), "www.")
		if i < 0 {
			break
		}
		b.WriteString(s[:i+3])
		b.WriteString("[.]")
		s = s[i+4:]
	}
	b.WriteString(s)
	return b.String()
}

// mdEscape escapes the characters Markdown (CommonMark and GitHub's
// extensions: tables, strikethrough, math) or inline HTML would read as
// markup. Line-start markup (#, -, >, 1.) needs no escape: escaped text is
// never put at the start of a line.
var mdEscape = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `|`, `\|`, `~`, `\~`, `$`, `\$`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
	"\n", " ", "\r", " ",
)

// mdText is untrusted text (a file name, a platform, a number) as inline
// Markdown that shows it and nothing else. Unlike quote it keeps the
// text whole.
func mdText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return mdEscape.Replace(s)
}
