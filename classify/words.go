package classify

import (
	"fmt"
	"strings"
	"time"
)

// The words of an analysis, in Chinese (the default) or English.

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// collectionRule describes a collection rule: what it says and where it comes from
// (DOMAIN.md section 3). Reports say "possible violation", never more.
type collectionRule struct {
	known         bool
	title, source string
}

// ruleOrder is the order rules are listed in.
var ruleOrder = []string{"night_contact", "daily_connected_calls", "daily_attempts", "third_party_contact", "threat", "insult", "impersonation"}

func ruleInfo(id, lang string) collectionRule {
	switch id {
	case "night_contact":
		return collectionRule{true,
			pick(lang, "夜间催收（22:00–08:00 联系）", "Collection at night (contact 22:00–08:00)"),
			pick(lang, "GB/T 45251-2025《互联网金融 个人网络消费信贷 贷后催收风控指引》；中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》",
				"GB/T 45251-2025 (post-loan collection guideline for online consumer credit); China Banking Association collection guideline (trial)")}
	case "daily_connected_calls":
		return collectionRule{true,
			pick(lang, "同一天接通的催收电话超过 3 次", "More than 3 connected collection calls to the debtor in a day"),
			pick(lang, "GB/T 45251-2025《互联网金融 个人网络消费信贷 贷后催收风控指引》", "GB/T 45251-2025 (post-loan collection guideline for online consumer credit)")}
	case "daily_attempts":
		return collectionRule{true,
			pick(lang, "同一号码一天内呼叫超过 6 次", "More than 6 call attempts from one number in a day"),
			pick(lang, "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》", "China Banking Association collection guideline (trial)")}
	case "third_party_contact":
		return collectionRule{true,
			pick(lang, "联系第三方（亲友、同事）或向其透露债务", "Contact with third parties (family, friends, colleagues) or disclosure of the debt"),
			pick(lang, "GB/T 45251-2025；中国互联网金融协会《互联网金融逾期债务催收自律公约（试行）》第十三、十四、十八条；《小额贷款公司监督管理暂行办法》第三十七条",
				"GB/T 45251-2025; NIFA self-regulatory convention on overdue debt collection, Art. 13, 14, 18; Interim Measures for Small Loan Companies, Art. 37")}
	case "threat":
		return collectionRule{true,
			pick(lang, "威胁、恐吓", "Threats and intimidation"),
			pick(lang, "《银行保险机构消费者权益保护管理办法》（2023）；中国互联网金融协会自律公约第十六条；《治安管理处罚法》第五十条第五项（2025 年修订）",
				"Measures on consumer protection of banking and insurance institutions (2023); NIFA convention Art. 16; Public Security Administration Punishments Law Art. 50(5) (2025)")}
	case "insult":
		return collectionRule{true,
			pick(lang, "侮辱、谩骂", "Insults"),
			pick(lang, "《银行保险机构消费者权益保护管理办法》（2023）；中国互联网金融协会自律公约第十六条；《治安管理处罚法》第五十条第五项（2025 年修订）",
				"Measures on consumer protection of banking and insurance institutions (2023); NIFA convention Art. 16; Public Security Administration Punishments Law Art. 50(5) (2025)")}
	case "impersonation":
		return collectionRule{true,
			pick(lang, "冒充公检法、律师等", "Posing as police, court or lawyer"),
			pick(lang, "《银行保险机构消费者权益保护管理办法》（2023）；中国互联网金融协会自律公约第十六条；中国银行业协会催收工作指引",
				"Measures on consumer protection of banking and insurance institutions (2023); NIFA convention Art. 16; China Banking Association collection guideline")}
	}
	return collectionRule{title: id}
}

// reasons puts a number's evidence into sentences a complaint officer can
// check against the timeline: first a summary of its traffic, then each
// fact that moved its score, strongest first.
func reasons(n *Number, owner, lang string) []string {
	var out []string
	if s := summary(n, lang); s != "" {
		out = append(out, s)
	}
	for _, e := range n.Evidence {
		if r := reason(n, e, owner, lang); r != "" {
			out = append(out, r)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

func summary(n *Number, lang string) string {
	f := &n.Features
	var parts []string
	if f.CallsIn > 0 {
		parts = append(parts, pick(lang, fmt.Sprintf("来电 %d 次", f.CallsIn), plural(f.CallsIn, "incoming call")))
	}
	if f.CallsOut > 0 {
		parts = append(parts, pick(lang, fmt.Sprintf("去电 %d 次", f.CallsOut), plural(f.CallsOut, "outgoing call")))
	}
	if f.MsgsIn > 0 {
		parts = append(parts, pick(lang, fmt.Sprintf("收到短信 %d 条", f.MsgsIn), plural(f.MsgsIn, "message")+" received"))
	}
	if f.MsgsOut > 0 {
		parts = append(parts, pick(lang, fmt.Sprintf("发出短信 %d 条", f.MsgsOut), plural(f.MsgsOut, "message")+" sent"))
	}
	if len(parts) == 0 {
		return ""
	}
	days := f.ActiveDays
	if days == 0 {
		return strings.Join(parts, pick(lang, "，", ", "))
	}
	return pick(lang,
		fmt.Sprintf("%s，涉及 %d 天", strings.Join(parts, "，"), days),
		fmt.Sprintf("%s over %s", strings.Join(parts, ", "), plural(days, "day")))
}

func reason(n *Number, e Evidence, owner, lang string) string {
	f := &n.Features
	switch e.Code {
	case "texts_harassing":
		var kinds []string
		for _, k := range []struct {
			n      int
			zh, en string
		}{
			{f.Threat, "威胁", "threatening"},
			{f.ContactsExposure, "扬言或声称联系通讯录", "about contacting the contacts list"},
			{f.Insult, "辱骂", "insulting"},
			{f.Impersonation, "冒充公检法或律师", "posing as police, court or lawyer"},
		} {
			if k.n > 0 {
				kinds = append(kinds, pick(lang, fmt.Sprintf("%s %d 条", k.zh, k.n), fmt.Sprintf("%d %s", k.n, k.en)))
			}
		}
		return pick(lang, "短信内容："+strings.Join(kinds, "，"), "Texts: "+strings.Join(kinds, ", "))
	case "texts_debt":
		return pick(lang, fmt.Sprintf("%d 条催要欠款的短信", e.N), plural(e.N, "text")+" demanding repayment of a debt")
	case "texts_notice":
		return pick(lang, fmt.Sprintf("%d 条还款通知（短信网关或服务号码）", e.N), plural(e.N, "repayment notice")+" (gateway or service number)")
	case "rotation_pool":
		return pick(lang, fmt.Sprintf("同样的催收短信另有 %d 个号码发送（轮换号码）", e.N),
			fmt.Sprintf("the same collection text came from %s (rotating numbers)", plural(e.N, "other number")))
	case "calls_unanswered":
		return pick(lang, fmt.Sprintf("%d 次来电未接通（未接、拒接、拦截或 5 秒内挂断）", e.N),
			plural(e.N, "incoming call")+" not taken (missed, rejected, blocked or cut within 5 s)")
	case "calls_burst":
		return pick(lang, fmt.Sprintf("一天内最多来电 %d 次", e.N), fmt.Sprintf("up to %s in one day", plural(e.N, "call")))
	case "night":
		return pick(lang, fmt.Sprintf("夜间（22:00–08:00）联系 %d 次", e.N), fmt.Sprintf("%s at night (22:00–08:00)", plural(e.N, "contact")))
	case "calls_blocked":
		return pick(lang, fmt.Sprintf("%d 次来电被手机的黑名单或骚扰拦截拦下", e.N),
			plural(e.N, "call")+" stopped by the phone's blocklist or harassment filter")
	case "returned_call":
		return pick(lang, fmt.Sprintf("机主回拨过它的未接来电并接通（%d 天）", e.N),
			fmt.Sprintf("the phone's owner returned its missed call and got through (%s)", plural(e.N, "day")))
	case "established":
		return pick(lang, fmt.Sprintf("催收开始前已有往来（%d 天）", e.N),
			fmt.Sprintf("in touch both ways before collection began (%s)", plural(e.N, "day")))
	case "campaign_new":
		return pick(lang, "在催收开始后才出现，此前没有往来，也未存入通讯录",
			"first appeared after collection began, with no earlier contact and not saved in contacts")
	case "third_party":
		var others []string
		for _, p := range n.Phones {
			if p != owner {
				others = append(others, p)
			}
		}
		return pick(lang, fmt.Sprintf("联系了 %s 的手机 %d 次（对方未保存此号码）", strings.Join(others, "、"), e.N),
			fmt.Sprintf("reached the phone of %s %s (number not saved there)", strings.Join(others, ", "), plural(e.N, "time")))
	case "virtual_range":
		return pick(lang, "虚拟运营商号段（170、171、162、165、167）", "virtual-operator range (170, 171, 162, 165, 167)")
	case "collector_name":
		return pick(lang, fmt.Sprintf("通讯录中保存为“%s”", n.ContactName), fmt.Sprintf("saved in contacts as %q", n.ContactName))
	case "known_person":
		if f.InContacts && n.ContactName != "" {
			return pick(lang, fmt.Sprintf("通讯录联系人“%s”", n.ContactName), fmt.Sprintf("saved in contacts as %q", n.ContactName))
		}
		return pick(lang, "机主先主动联系过此号码", "the phone's owner contacted this number first")
	case "relays":
		return pick(lang, fmt.Sprintf("%d 条短信转告有人为债务联系了他（亲友）", e.N),
			plural(e.N, "text")+" relaying that someone contacted them about the debt (family or friend)")
	case "commercial":
		return pick(lang, fmt.Sprintf("%d 条广告、诈骗、验证码或服务通知", e.N),
			plural(e.N, "advertising, scam, code or service text"))
	}
	return ""
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func (ld *loader) onsetEvidence(o *OnsetFact) string {
	t, _ := time.Parse(time.RFC3339, o.FirstEvent.Time)
	clock := t.Format("15:04")
	kind := kindWord(o.FirstEvent.Kind, ld.lang)
	return pick(ld.lang,
		fmt.Sprintf("自 %s 起，每天来自催收号码的来电和短信由平均 %.1f 次升至 %.1f 次（似然比对数 %.1f）；当天第一次是 %s 来自 %s 的%s",
			o.Date, o.RateBefore, o.RateAfter, o.LLR, clock, o.FirstEvent.Number, kind),
		fmt.Sprintf("From %s, calls and texts from collector numbers rose from %.1f to %.1f a day on average (log-likelihood ratio %.1f); the first that day was a %s from %s at %s",
			o.Date, o.RateBefore, o.RateAfter, o.LLR, kind, o.FirstEvent.Number, clock))
}

func (ld *loader) leakEvidence(l *LeakFact) string {
	first := ""
	if len(l.Events) > 0 {
		first = loanWord(l.Events[0].Rule, ld.lang)
	}
	return pick(ld.lang,
		fmt.Sprintf("催收短信点名的平台“%s”最早的借款短信（%s）在 %s；借款时该应用取得了通讯录。共 %d 条该平台的借款、到期、逾期通知",
			l.Platform, first, l.Date, len(l.Events)),
		fmt.Sprintf("The earliest loan message (%s) of %q, the platform the collectors name, is from %s; the app took the contacts list with the loan. %s of that platform in all",
			first, l.Platform, l.Date, plural(len(l.Events), "loan, due or overdue notice")))
}

func kindWord(kind, lang string) string {
	switch kind {
	case "call":
		return pick(lang, "来电", "call")
	case "mms":
		return pick(lang, "彩信", "MMS")
	}
	return pick(lang, "短信", "text")
}

func loanWord(rule, lang string) string {
	switch rule {
	case "loan.disbursed":
		return pick(lang, "放款", "loan paid out")
	case "loan.approved":
		return pick(lang, "借款审核通过", "loan approved")
	case "loan.due":
		return pick(lang, "到期提醒", "due reminder")
	case "loan.overdue":
		return pick(lang, "逾期通知", "overdue notice")
	case "loan.repaid":
		return pick(lang, "还款", "repayment")
	}
	return pick(lang, "借款", "loan")
}
