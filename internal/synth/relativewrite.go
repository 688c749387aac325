package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// The mother's phone log, as a Windows phone assistant exports it: CSV in
// GBK with CRLF line ends, one file of messages and one of calls. The
// generic CSV importer takes a table with a 内容 column for messages, so a
// log holding both is two tables.

// relativeTime is the layout of times in the mother's logs.
const relativeTime = "2006-01-02 15:04:05"

// RelativeMessagesHeader and RelativeCallsHeader are the header rows of
// the mother's logs.
var (
	RelativeMessagesHeader = []string{"号码", "时间", "类型", "内容", "联系人"}
	RelativeCallsHeader    = []string{"号码", "时间", "类型", "时长", "联系人"}
)

// WriteRelativeMessages writes the mother's message log of n rows for the
// streamed case of seed, from the start of the streamed files, one row
// every 90 seconds on average: the collectors of the streamed messages
// telling her of her child's debt (爆通讯录) and sending the notice they
// send the whole contacts list; her child's texts, her husband's and her
// daughter's; her bank, her carrier, ads and scams. The owner, her husband
// and her daughter are saved under names; other numbers are not.
func WriteRelativeMessages(w io.Writer, seed int64, n int) error {
	if n < 0 {
		return fmt.Errorf("synth: negative record count %d", n)
	}
	h := newHousehold(seed)
	r := newRndStream(seed, pcgRelMsgs)
	out := newGBKCSV(w)
	if err := out.write(RelativeMessagesHeader...); err != nil {
		return err
	}
	at := int64(streamStart)
	for range n {
		at += int64(r.between(20, 160)) * 1000
		v := h.streamVars(r, at)
		num, sent, body, name := "", false, "", ""
		switch r.weighted([]string{"collect", "notice", "owner", "father", "sister", "bank", "carrier", "ads", "scam"},
			[]float64{30, 5, 20, 10, 8, 12, 3, 7, 5}) {
		case "collect":
			num = withPlus86(r, pick(r, h.team), 0.6)
			body = vary(r, v.fill(pick(r, collectMother)), v)
		case "notice":
			num = withPlus86(r, pick(r, h.team), 0.6)
			body = v.fill(noticeLetter)
		case "owner":
			num, name = h.owner, h.ownerGiven()
			switch x := r.Float64(); {
			case x < 0.3:
				sent, body = true, v.fill(pick(r, motherRelays))
			case x < 0.5:
				body = pick(r, ownerToMother)
			default:
				// motherChats: the mother writes first, her child answers.
				line := r.IntN(2)
				sent, body = line == 0, v.fill(pick(r, motherChats)[line])
			}
		case "father":
			num, name = h.father, "老伴"
			line := r.IntN(2)
			sent, body = line == 1, pick(r, husbandChats)[line]
		case "sister":
			num, name = h.sister, "闺女"
			line := r.IntN(2)
			sent, body = line == 1, pick(r, daughterChats)[line]
		case "bank":
			num = "95599"
			v["tail"] = "3021"
			v["bal"] = money(float64(r.between(3000, 20000)))
			if r.chance(0.1) {
				v["amt"] = money(float64(r.between(1500, 2600)))
				body = v.fill(abcPension)
			} else {
				v["amt"] = money(float64(r.between(5, 300)))
				body = v.fill(abcSpend)
			}
		case "carrier":
			num = "10086"
			v["amt"] = money(float64(r.between(18, 58)))
			v["bal"] = money(float64(r.between(5, 60)))
			body = v.fill(carrierBill)
		case "ads":
			num = pick(r, h.st.gateways)
			body = v.fill(pick(r, marketing))
		default:
			num = withPlus86(r, h.stranger(r), 0.6)
			body = v.fill(pick(r, motherScams))
		}
		if sent {
			num = strings.TrimPrefix(num, "+86")
		} else if num == h.owner || num == h.father || num == h.sister {
			num = withPlus86(r, num, 0.5)
		}
		if err := out.write(num, time.UnixMilli(at).In(h.st.loc).Format(relativeTime), pickIf(sent, "发送", "接收"), body, name); err != nil {
			return err
		}
	}
	return out.flush()
}

// WriteRelativeCalls writes the mother's call log of n rows for the
// streamed case of seed, from the start of the streamed files, one row
// every three minutes on average: the collectors of the streamed messages
// calling her (most missed or rejected), her calls with her child, husband,
// daughter and relatives, with her bank and carrier, and now and then a
// stranger's.
func WriteRelativeCalls(w io.Writer, seed int64, n int) error {
	if n < 0 {
		return fmt.Errorf("synth: negative record count %d", n)
	}
	h := newHousehold(seed)
	r := newRndStream(seed, pcgRelCalls)
	out := newGBKCSV(w)
	if err := out.write(RelativeCallsHeader...); err != nil {
		return err
	}
	at := int64(streamStart)
	for range n {
		at += int64(r.between(60, 300)) * 1000
		num, name, typ, dur := "", "", "来电", 0
		// talk sets an ordinary call: in or out, answered.
		talk := func(lo, hi int) {
			typ, dur = pickIf(r.chance(0.5), "来电", "去电"), r.between(lo, hi)
			if typ == "去电" && r.chance(0.1) {
				dur = 0 // not answered
			} else if typ == "来电" && r.chance(0.08) {
				typ, dur = "未接来电", 0
			}
		}
		switch r.weighted([]string{"collect", "owner", "father", "sister", "kin", "service", "stranger"},
			[]float64{45, 15, 12, 10, 10, 5, 3}) {
		case "collect":
			num = pick(r, h.team)
			switch x := r.Float64(); {
			case x < 0.55:
				typ = "未接来电"
			case x < 0.75:
				typ = "拒接"
			default:
				dur = r.between(15, 240)
			}
		case "owner":
			num, name = h.owner, h.ownerGiven()
			talk(60, 1500)
		case "father":
			num, name = h.father, "老伴"
			talk(20, 400)
		case "sister":
			num, name = h.sister, "闺女"
			talk(60, 1500)
		case "kin":
			i := r.IntN(len(h.kin))
			num, name = h.kin[i], motherRelatives[i]
			talk(30, 900)
		case "service":
			num, typ, dur = pick(r, []string{"95599", "10086"}), "去电", r.between(60, 600)
		default:
			num, typ = h.stranger(r), "未接来电"
		}
		if typ != "去电" {
			num = withPlus86(r, num, 0.2)
		}
		clock := fmt.Sprintf("%02d:%02d:%02d", dur/3600, dur/60%60, dur%60)
		if err := out.write(num, time.UnixMilli(at).In(h.st.loc).Format(relativeTime), typ, clock, name); err != nil {
			return err
		}
	}
	return out.flush()
}

// stranger is a pool number outside the mother's collectors.
func (h *household) stranger(r rnd) string {
	for {
		if n := pick(r, h.st.mobiles); !h.inTeam[n] {
			return n
		}
	}
}

// gbkCSV writes CSV records in GBK. Characters GBK lacks (emoji) become
// '?', as Windows writes them when it converts text to GBK.
type gbkCSV struct {
	bw  *bufio.Writer
	gw  io.WriteCloser // bw through a GBK encoder
	csv *csv.Writer
	enc *encoding.Encoder // for looking runes up
	gbk map[rune]bool     // runes known to be in GBK or not
	row []string
}

func newGBKCSV(w io.Writer) *gbkCSV {
	g := &gbkCSV{bw: bufio.NewWriterSize(w, 64<<10), enc: simplifiedchinese.GBK.NewEncoder(), gbk: map[rune]bool{}}
	g.gw = transform.NewWriter(g.bw, simplifiedchinese.GBK.NewEncoder())
	g.csv = csv.NewWriter(g.gw)
	g.csv.UseCRLF = true
	return g
}

func (g *gbkCSV) write(fields ...string) error {
	g.row = g.row[:0]
	for _, f := range fields {
		g.row = append(g.row, g.inGBK(f))
	}
	return g.csv.Write(g.row)
}

func (g *gbkCSV) flush() error {
	g.csv.Flush()
	if err := g.csv.Error(); err != nil {
		return err
	}
	if err := g.gw.Close(); err != nil {
		return fmt.Errorf("encode GBK: %w", err)
	}
	return g.bw.Flush()
}

// inGBK replaces the characters of s that GBK lacks with '?'.
func (g *gbkCSV) inGBK(s string) string {
	ok := true
	for _, c := range s {
		if c >= utf8.RuneSelf && !g.has(c) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(c rune) rune {
		if c >= utf8.RuneSelf && !g.has(c) {
			return '?'
		}
		return c
	}, s)
}

func (g *gbkCSV) has(c rune) bool {
	in, seen := g.gbk[c]
	if !seen {
		_, err := g.enc.String(string(c))
		in = err == nil
		g.gbk[c] = in
	}
	return in
}
